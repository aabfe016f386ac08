package io.dbwarden.sidecar.pg.auth;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The client side of one SCRAM-SHA-256 login (<a
 * href="https://www.rfc-editor.org/rfc/rfc5802#section-3">RFC 5802</a>, <a
 * href="https://www.rfc-editor.org/rfc/rfc7677">RFC 7677</a>), used by the proxy to log in to the
 * upstream database, as libpq does: no channel binding (gs2 header {@code n,,}) and an empty user
 * name, since PostgreSQL takes the user from the startup message (<a
 * href="https://www.postgresql.org/docs/current/sasl-authentication.html">SASL Authentication</a>).
 * One instance per connection attempt; not thread-safe.
 *
 * <p>The exchange is only successful once {@link #verifyServerFinal} accepted the server's
 * signature: a server that cannot prove it knows the password must not be trusted with queries.
 */
public final class ScramClientExchange {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String GS2_HEADER = "n,,";
  private static final String GS2_HEADER_BASE64 = "biws";

  private enum State {
    INITIAL,
    AWAITING_SERVER_FIRST,
    AWAITING_SERVER_FINAL,
    DONE
  }

  private final String password;
  private final String clientFirstBare;
  private final String clientNonce;

  private State state = State.INITIAL;
  private byte[] expectedServerSignature;

  /**
   * @param password the upstream password, prepared with {@link SaslPrep} before use
   */
  public ScramClientExchange(String password) {
    this("", password, () -> Scram.nonce(RANDOM));
  }

  ScramClientExchange(String user, String password, Supplier<String> nonce) {
    Objects.requireNonNull(user, "user must not be null");
    this.password = Objects.requireNonNull(password, "password must not be null");
    this.clientNonce = Objects.requireNonNull(nonce, "nonce must not be null").get();
    this.clientFirstBare = "n=" + user + ",r=" + clientNonce;
  }

  /** client-first-message, the data of SASLInitialResponse. */
  public String clientFirstMessage() {
    expect(State.INITIAL);
    state = State.AWAITING_SERVER_FIRST;
    return GS2_HEADER + clientFirstBare;
  }

  /**
   * Reads server-first-message (AuthenticationSASLContinue) and returns client-final-message (the
   * data of SASLResponse).
   */
  public String handleServerFirst(String serverFirstMessage)
      throws UpstreamAuthenticationException {
    Objects.requireNonNull(serverFirstMessage, "serverFirstMessage must not be null");
    expect(State.AWAITING_SERVER_FIRST);
    state = State.DONE;
    String[] parts = serverFirstMessage.split(",", -1);
    if (parts[0].startsWith("m=")) {
      throw malformed("server requires unsupported mandatory extensions");
    }
    String nonce;
    byte[] salt;
    int iterations;
    try {
      nonce = Scram.attribute(parts[0], 'r');
      salt = Scram.decodeBase64(Scram.attribute(parts.length > 1 ? parts[1] : "", 's'), 's');
      iterations = Integer.parseInt(Scram.attribute(parts.length > 2 ? parts[2] : "", 'i'));
    } catch (IllegalArgumentException e) {
      throw malformed(e.getMessage());
    }
    // The server must extend our nonce; otherwise it could replay an old exchange.
    if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
      throw malformed("server nonce does not extend the client nonce");
    }
    if (salt.length == 0 || iterations < 1) {
      throw malformed("server sent an empty salt or a non-positive iteration count");
    }
    String withoutProof = "c=" + GS2_HEADER_BASE64 + ",r=" + nonce;
    String authMessage = clientFirstBare + "," + serverFirstMessage + "," + withoutProof;
    byte[] saltedPassword = Scram.saltedPassword(password, salt, iterations);
    byte[] clientKey = Scram.clientKey(saltedPassword);
    byte[] clientSignature = Scram.hmac(Scram.storedKey(clientKey), authMessage);
    expectedServerSignature = Scram.hmac(Scram.serverKey(saltedPassword), authMessage);
    state = State.AWAITING_SERVER_FINAL;
    return withoutProof
        + ",p="
        + Base64.getEncoder().encodeToString(Scram.xor(clientKey, clientSignature));
  }

  /**
   * Reads server-final-message (AuthenticationSASLFinal) and checks the server signature.
   *
   * @throws UpstreamAuthenticationException when the server reports an error or its signature is
   *     not the one only a holder of the password's keys can compute
   */
  public void verifyServerFinal(String serverFinalMessage) throws UpstreamAuthenticationException {
    Objects.requireNonNull(serverFinalMessage, "serverFinalMessage must not be null");
    expect(State.AWAITING_SERVER_FINAL);
    state = State.DONE;
    if (serverFinalMessage.startsWith("e=")) {
      throw new UpstreamAuthenticationException(
          "upstream SCRAM authentication failed: " + serverFinalMessage.substring(2));
    }
    byte[] signature;
    try {
      signature =
          Scram.decodeBase64(Scram.attribute(serverFinalMessage.split(",", -1)[0], 'v'), 'v');
    } catch (IllegalArgumentException e) {
      throw malformed(e.getMessage());
    }
    if (!MessageDigest.isEqual(signature, expectedServerSignature)) {
      throw new UpstreamAuthenticationException(
          "upstream server signature is not valid: the server does not know the password");
    }
  }

  private void expect(State expected) {
    if (state != expected) {
      throw new IllegalStateException("SCRAM exchange is not awaiting this step: " + state);
    }
  }

  private static UpstreamAuthenticationException malformed(String detail) {
    return new UpstreamAuthenticationException("malformed upstream SCRAM message: " + detail);
  }
}
