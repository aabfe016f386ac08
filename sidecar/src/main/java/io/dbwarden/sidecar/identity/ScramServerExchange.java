package io.dbwarden.sidecar.identity;

import io.dbwarden.sidecar.pg.auth.Scram;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The server side of one SCRAM-SHA-256 login (<a
 * href="https://www.rfc-editor.org/rfc/rfc5802#section-5">RFC 5802 §5</a>, <a
 * href="https://www.rfc-editor.org/rfc/rfc7677">RFC 7677</a>) as PostgreSQL runs it inside
 * AuthenticationSASL / SASLInitialResponse / SASLResponse (<a
 * href="https://www.postgresql.org/docs/current/sasl-authentication.html">SASL Authentication</a>).
 * One instance per connection attempt; not thread-safe.
 *
 * <p>Like PostgreSQL: the user comes from the startup message and the {@code n=} attribute is
 * ignored (clients send it empty); channel binding is not offered, so gs2 flags {@code n} and
 * {@code y} are accepted and {@code p=} is refused; an unknown user goes through the same exchange
 * with a deterministic made-up salt (see {@link #forUnknownUser}) and fails at the end exactly like
 * a wrong password, so a client cannot tell which users exist.
 *
 * <p>Every failure is an {@link AuthenticationException}: malformed messages with SQLSTATE {@value
 * AuthenticationException#PROTOCOL_VIOLATION} ("malformed SCRAM message: ..."), a proof that does
 * not verify with {@value AuthenticationException#INVALID_PASSWORD} and PostgreSQL's "password
 * authentication failed for user" message. After a failure the exchange is over.
 */
public final class ScramServerExchange {

  private static final SecureRandom RANDOM = new SecureRandom();

  private enum State {
    AWAITING_CLIENT_FIRST,
    AWAITING_CLIENT_FINAL,
    DONE
  }

  private final String user;
  private final ScramCredential credential;
  private final boolean doomed;
  private final Supplier<String> serverNonce;

  private State state = State.AWAITING_CLIENT_FIRST;
  private String gs2Header;
  private String clientFirstBare;
  private String serverFirst;
  private String nonce;

  /**
   * An exchange for a known user.
   *
   * @param user the user name from the startup message, for the error message
   * @param credential the user's stored credential
   */
  public ScramServerExchange(String user, ScramCredential credential) {
    this(user, credential, false, () -> Scram.nonce(RANDOM));
  }

  ScramServerExchange(
      String user, ScramCredential credential, boolean doomed, Supplier<String> serverNonce) {
    this.user = Objects.requireNonNull(user, "user must not be null");
    this.credential = Objects.requireNonNull(credential, "credential must not be null");
    this.doomed = doomed;
    this.serverNonce = Objects.requireNonNull(serverNonce, "serverNonce must not be null");
  }

  /**
   * An exchange for a user that does not exist, which always fails at the end with the same error
   * as a wrong password. Salt and keys are derived from {@code mockSecret} and the user name, so
   * repeated attempts for one name see the same salt (as PostgreSQL does with its mock
   * authentication nonce) and replicas sharing the secret answer alike.
   *
   * @param user the user name from the startup message
   * @param mockSecret a server secret the client does not know
   * @param iterations the iteration count real users have, so the answer looks the same
   */
  public static ScramServerExchange forUnknownUser(String user, byte[] mockSecret, int iterations) {
    ScramCredential mock = ScramCredential.mock(user, mockSecret, iterations);
    return new ScramServerExchange(user, mock, true, () -> Scram.nonce(RANDOM));
  }

  /**
   * Reads client-first-message (the SASLInitialResponse data) and returns server-first-message (the
   * AuthenticationSASLContinue data).
   */
  public String handleClientFirst(String clientFirstMessage) throws AuthenticationException {
    Objects.requireNonNull(clientFirstMessage, "clientFirstMessage must not be null");
    expect(State.AWAITING_CLIENT_FIRST);
    state = State.DONE;
    int flagEnd = clientFirstMessage.indexOf(',');
    int authzidEnd = flagEnd < 0 ? -1 : clientFirstMessage.indexOf(',', flagEnd + 1);
    if (authzidEnd < 0) {
      throw malformed("expected a gs2 header");
    }
    String flag = clientFirstMessage.substring(0, flagEnd);
    if (flag.startsWith("p=")) {
      throw AuthenticationException.protocolViolation(
          "channel binding is not supported: the server offers SCRAM-SHA-256,"
              + " not SCRAM-SHA-256-PLUS");
    }
    if (!flag.equals("n") && !flag.equals("y")) {
      throw malformed("unexpected channel binding flag");
    }
    String authzid = clientFirstMessage.substring(flagEnd + 1, authzidEnd);
    if (authzid.startsWith("a=")) {
      throw AuthenticationException.protocolViolation(
          "client uses authorization identity, but it is not supported");
    }
    if (!authzid.isEmpty()) {
      throw malformed("expected a gs2 header");
    }
    gs2Header = clientFirstMessage.substring(0, authzidEnd + 1);
    clientFirstBare = clientFirstMessage.substring(authzidEnd + 1);
    String[] parts = clientFirstBare.split(",", -1);
    if (parts[0].startsWith("m=")) {
      throw malformed("mandatory extensions are not supported");
    }
    String clientNonce;
    try {
      // Only checked for presence: the user comes from the startup message, as in PostgreSQL.
      Scram.attribute(parts[0], 'n');
      clientNonce = Scram.attribute(parts.length > 1 ? parts[1] : "", 'r');
    } catch (IllegalArgumentException e) {
      throw malformed(e.getMessage());
    }
    if (clientNonce.isEmpty() || !clientNonce.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw malformed("nonce must be printable characters");
    }
    nonce = clientNonce + serverNonce.get();
    serverFirst =
        "r="
            + nonce
            + ",s="
            + Base64.getEncoder().encodeToString(credential.salt())
            + ",i="
            + credential.iterations();
    state = State.AWAITING_CLIENT_FINAL;
    return serverFirst;
  }

  /**
   * Reads client-final-message (the SASLResponse data), verifies the client proof and returns
   * server-final-message (the AuthenticationSASLFinal data, {@code v=<ServerSignature>}).
   */
  public String handleClientFinal(String clientFinalMessage) throws AuthenticationException {
    Objects.requireNonNull(clientFinalMessage, "clientFinalMessage must not be null");
    expect(State.AWAITING_CLIENT_FINAL);
    state = State.DONE;
    int proofStart = clientFinalMessage.lastIndexOf(",p=");
    if (proofStart < 0) {
      throw malformed("expected attribute 'p'");
    }
    String withoutProof = clientFinalMessage.substring(0, proofStart);
    String[] parts = withoutProof.split(",", -1);
    byte[] channelBinding;
    String finalNonce;
    byte[] proof;
    try {
      channelBinding = Scram.decodeBase64(Scram.attribute(parts[0], 'c'), 'c');
      finalNonce = Scram.attribute(parts.length > 1 ? parts[1] : "", 'r');
      proof = Scram.decodeBase64(clientFinalMessage.substring(proofStart + 3), 'p');
    } catch (IllegalArgumentException e) {
      throw malformed(e.getMessage());
    }
    if (!Arrays.equals(channelBinding, gs2Header.getBytes(StandardCharsets.US_ASCII))) {
      throw malformed("channel binding data does not match the gs2 header");
    }
    if (!finalNonce.equals(nonce)) {
      throw malformed("nonce does not match");
    }
    if (proof.length != Scram.KEY_LENGTH) {
      throw malformed("client proof has the wrong length");
    }
    String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
    byte[] storedKey = credential.storedKey();
    byte[] clientKey = Scram.xor(proof, Scram.hmac(storedKey, authMessage));
    boolean verified = MessageDigest.isEqual(Scram.sha256(clientKey), storedKey);
    if (!verified || doomed) {
      throw AuthenticationException.passwordFailed(user);
    }
    return "v="
        + Base64.getEncoder().encodeToString(Scram.hmac(credential.serverKey(), authMessage));
  }

  private void expect(State expected) {
    if (state != expected) {
      throw new IllegalStateException("SCRAM exchange is not awaiting this message: " + state);
    }
  }

  private static AuthenticationException malformed(String detail) {
    return AuthenticationException.protocolViolation("malformed SCRAM message: " + detail);
  }
}
