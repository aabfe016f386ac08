package io.dbwarden.sidecar.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dbwarden.sidecar.pg.auth.ScramClientExchange;
import io.dbwarden.sidecar.pg.auth.UpstreamAuthenticationException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.assertj.core.api.AbstractStringAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ScramServerExchangeTest {

  // RFC 7677 §3: user "user", password "pencil".
  private static final String SALT = "W22ZaJ0SNY7soEsUEjb6gQ==";
  private static final String CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
  private static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
  private static final String NONCE = "rOprNGfwEbeRWgbNEkqO" + SERVER_NONCE;
  private static final String SERVER_FIRST = "r=" + NONCE + ",s=" + SALT + ",i=4096";
  private static final String PROOF = "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
  private static final String CLIENT_FINAL = "c=biws,r=" + NONCE + ",p=" + PROOF;
  private static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

  private static final ScramCredential PENCIL =
      ScramCredential.fromPassword("pencil", Base64.getDecoder().decode(SALT), 4096);

  private static ScramServerExchange rfcServer() {
    return new ScramServerExchange("user", PENCIL, false, () -> SERVER_NONCE);
  }

  private static ScramCredential credential(String password) {
    return ScramCredential.fromPassword(password, 4096, new SecureRandom());
  }

  @Test
  void followsRfc7677TestVector() throws Exception {
    ScramServerExchange server = rfcServer();

    assertThat(server.handleClientFirst(CLIENT_FIRST)).isEqualTo(SERVER_FIRST);
    assertThat(server.handleClientFinal(CLIENT_FINAL)).isEqualTo(SERVER_FINAL);
  }

  @Test
  void acceptsOurClient() throws Exception {
    ScramServerExchange server = new ScramServerExchange("alice", credential("s3cret"));
    ScramClientExchange client = new ScramClientExchange("s3cret");

    String serverFirst = server.handleClientFirst(client.clientFirstMessage());
    String serverFinal = server.handleClientFinal(client.handleServerFirst(serverFirst));

    client.verifyServerFinal(serverFinal);
  }

  @Test
  void acceptsNonAsciiPasswordPreparedTheSameWayOnBothSides() throws Exception {
    ScramServerExchange server = new ScramServerExchange("alice", credential("\u2168"));
    ScramClientExchange client = new ScramClientExchange("IX");

    String serverFirst = server.handleClientFirst(client.clientFirstMessage());
    client.verifyServerFinal(server.handleClientFinal(client.handleServerFirst(serverFirst)));
  }

  @Test
  void clientRejectsServerThatDoesNotKnowTheKeys() throws Exception {
    ScramCredential real = credential("s3cret");
    ScramCredential impostor =
        new ScramCredential(
            real.iterations(), real.salt(), real.storedKey(), credential("other").serverKey());
    ScramServerExchange server = new ScramServerExchange("alice", impostor);
    ScramClientExchange client = new ScramClientExchange("s3cret");

    String serverFirst = server.handleClientFirst(client.clientFirstMessage());
    String serverFinal = server.handleClientFinal(client.handleServerFirst(serverFirst));

    assertThatThrownBy(() -> client.verifyServerFinal(serverFinal))
        .isInstanceOf(UpstreamAuthenticationException.class);
  }

  @Test
  void rejectsWrongPassword() throws Exception {
    ScramServerExchange server = new ScramServerExchange("alice", credential("s3cret"));
    ScramClientExchange client = new ScramClientExchange("wrong");
    String serverFirst = server.handleClientFirst(client.clientFirstMessage());
    String clientFinal = client.handleServerFirst(serverFirst);

    assertFails(() -> server.handleClientFinal(clientFinal))
        .isEqualTo("28P01: password authentication failed for user \"alice\"");
  }

  @Test
  void rejectsTamperedProof() throws Exception {
    ScramServerExchange server = rfcServer();
    server.handleClientFirst(CLIENT_FIRST);
    byte[] proof = Base64.getDecoder().decode(PROOF);
    proof[0] ^= 1;
    String tampered = "c=biws,r=" + NONCE + ",p=" + Base64.getEncoder().encodeToString(proof);

    assertFails(() -> server.handleClientFinal(tampered))
        .isEqualTo("28P01: password authentication failed for user \"user\"");
  }

  @Test
  void rejectsReplayedFinalAgainstNewNonce() throws Exception {
    ScramServerExchange server = new ScramServerExchange("user", PENCIL);
    server.handleClientFirst(CLIENT_FIRST);

    assertFails(() -> server.handleClientFinal(CLIENT_FINAL))
        .isEqualTo("08P01: malformed SCRAM message: nonce does not match");
  }

  @Test
  void unknownUserIsIndistinguishableFromWrongPassword() throws Exception {
    UsersFile users =
        UsersFile.parse(
            ("users:\n  - name: alice\n    password: \"" + PasswordHasher.hash("s3cret") + "\"\n")
                .getBytes(StandardCharsets.UTF_8),
            "users.yaml");
    String known = attempt(users.scramExchange("alice"), "wrong");
    String unknown = attempt(users.scramExchange("mallory"), "wrong");

    assertThat(known).isEqualTo("28P01: password authentication failed for user \"alice\"");
    assertThat(unknown).isEqualTo("28P01: password authentication failed for user \"mallory\"");
    // Even the right password of someone else does not get past a made-up credential.
    assertThat(attempt(users.scramExchange("mallory"), "s3cret")).isEqualTo(unknown);
  }

  @Test
  void unknownUserGetsSameShapeAndStableSalt() throws Exception {
    byte[] secret = "server secret".getBytes(StandardCharsets.UTF_8);
    String shape = "r=[^,]+,s=[A-Za-z0-9+/]{22}==,i=4096";
    String first =
        ScramServerExchange.forUnknownUser("mallory", secret, 4096).handleClientFirst(CLIENT_FIRST);
    String again =
        ScramServerExchange.forUnknownUser("mallory", secret, 4096).handleClientFirst(CLIENT_FIRST);
    String other =
        ScramServerExchange.forUnknownUser("eve", secret, 4096).handleClientFirst(CLIENT_FIRST);
    String known =
        new ScramServerExchange("alice", credential("x")).handleClientFirst(CLIENT_FIRST);

    assertThat(first).matches(shape);
    assertThat(known).matches(shape);
    assertThat(salt(first)).isEqualTo(salt(again)).isNotEqualTo(salt(other));
  }

  private static String attempt(ScramServerExchange server, String password) throws Exception {
    ScramClientExchange client = new ScramClientExchange(password);
    String clientFinal =
        client.handleServerFirst(server.handleClientFirst(client.clientFirstMessage()));
    try {
      server.handleClientFinal(clientFinal);
      throw new AssertionError("login succeeded");
    } catch (AuthenticationException e) {
      return e.sqlState() + ": " + e.getMessage();
    }
  }

  private static String salt(String serverFirst) {
    return serverFirst.split(",")[1];
  }

  /** Asserts an AuthenticationException and returns an assertion on "SQLSTATE: message". */
  private static AbstractStringAssert<?> assertFails(ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).isInstanceOf(AuthenticationException.class);
    AuthenticationException e = (AuthenticationException) thrown;
    return assertThat(e.sqlState() + ": " + e.getMessage());
  }

  @Nested
  class ClientFirst {

    @Test
    void acceptsClientThatSupportsChannelBindingButDidNotSeeItOffered() throws Exception {
      assertThat(rfcServer().handleClientFirst("y,,n=,r=rOprNGfwEbeRWgbNEkqO"))
          .isEqualTo(SERVER_FIRST);
    }

    @Test
    void rejectsChannelBinding() {
      assertFails(() -> rfcServer().handleClientFirst("p=tls-server-end-point,,n=,r=abc"))
          .isEqualTo(
              "08P01: channel binding is not supported: the server offers SCRAM-SHA-256,"
                  + " not SCRAM-SHA-256-PLUS");
    }

    @Test
    void rejectsAuthorizationIdentity() {
      assertFails(() -> rfcServer().handleClientFirst("n,a=admin,n=,r=abc"))
          .isEqualTo("08P01: client uses authorization identity, but it is not supported");
    }

    @Test
    void rejectsMalformedMessages() {
      assertFails(() -> rfcServer().handleClientFirst("n,n=,r=abc"))
          .isEqualTo("08P01: malformed SCRAM message: expected a gs2 header");
      assertFails(() -> rfcServer().handleClientFirst("x,,n=,r=abc"))
          .isEqualTo("08P01: malformed SCRAM message: unexpected channel binding flag");
      assertFails(() -> rfcServer().handleClientFirst("n,,r=abc"))
          .isEqualTo("08P01: malformed SCRAM message: expected attribute 'n'");
      assertFails(() -> rfcServer().handleClientFirst("n,,n="))
          .isEqualTo("08P01: malformed SCRAM message: expected attribute 'r'");
      assertFails(() -> rfcServer().handleClientFirst("n,,n=,r="))
          .isEqualTo("08P01: malformed SCRAM message: nonce must be printable characters");
      assertFails(() -> rfcServer().handleClientFirst("n,,m=ext,n=,r=abc"))
          .isEqualTo("08P01: malformed SCRAM message: mandatory extensions are not supported");
    }
  }

  @Nested
  class ClientFinal {

    private ScramServerExchange afterFirst() throws AuthenticationException {
      ScramServerExchange server = rfcServer();
      server.handleClientFirst(CLIENT_FIRST);
      return server;
    }

    @Test
    void rejectsMissingProof() throws Exception {
      ScramServerExchange server = afterFirst();
      assertFails(() -> server.handleClientFinal("c=biws,r=" + NONCE))
          .isEqualTo("08P01: malformed SCRAM message: expected attribute 'p'");
    }

    @Test
    void rejectsMissingChannelBinding() throws Exception {
      ScramServerExchange server = afterFirst();
      assertFails(() -> server.handleClientFinal("r=" + NONCE + ",p=" + PROOF))
          .isEqualTo("08P01: malformed SCRAM message: expected attribute 'c'");
    }

    @Test
    void rejectsBadBase64() throws Exception {
      ScramServerExchange server = afterFirst();
      assertFails(() -> server.handleClientFinal("c=biws,r=" + NONCE + ",p=!!!"))
          .isEqualTo("08P01: malformed SCRAM message: attribute 'p' is not valid base64");
    }

    @Test
    void rejectsProofOfWrongLength() throws Exception {
      ScramServerExchange server = afterFirst();
      assertFails(() -> server.handleClientFinal("c=biws,r=" + NONCE + ",p=AAAA"))
          .isEqualTo("08P01: malformed SCRAM message: client proof has the wrong length");
    }

    @Test
    void rejectsNonceMismatch() throws Exception {
      ScramServerExchange server = afterFirst();
      assertFails(() -> server.handleClientFinal("c=biws,r=" + NONCE + "x,p=" + PROOF))
          .isEqualTo("08P01: malformed SCRAM message: nonce does not match");
    }

    @Test
    void rejectsChannelBindingDataNotMatchingHeader() throws Exception {
      ScramServerExchange server = afterFirst();
      assertFails(() -> server.handleClientFinal("c=eSws,r=" + NONCE + ",p=" + PROOF))
          .isEqualTo(
              "08P01: malformed SCRAM message: channel binding data does not match the gs2 header");
    }

    @Test
    void isOverAfterAFailure() throws Exception {
      ScramServerExchange server = afterFirst();
      assertFails(() -> server.handleClientFinal("garbage"));

      assertThatThrownBy(() -> server.handleClientFinal(CLIENT_FINAL))
          .isInstanceOf(IllegalStateException.class);
    }
  }
}
