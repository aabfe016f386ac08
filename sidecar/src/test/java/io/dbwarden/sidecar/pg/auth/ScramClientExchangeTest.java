package io.dbwarden.sidecar.pg.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScramClientExchangeTest {

  // RFC 7677 §3: user "user", password "pencil".
  private static final String CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
  private static final String SERVER_FIRST =
      "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
  private static final String CLIENT_FINAL =
      "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
          + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
  private static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

  private static ScramClientExchange rfcClient() {
    return new ScramClientExchange("user", "pencil", () -> CLIENT_NONCE);
  }

  @Test
  void followsRfc7677TestVector() throws Exception {
    ScramClientExchange client = rfcClient();

    assertThat(client.clientFirstMessage()).isEqualTo("n,,n=user,r=" + CLIENT_NONCE);
    assertThat(client.handleServerFirst(SERVER_FIRST)).isEqualTo(CLIENT_FINAL);
    client.verifyServerFinal(SERVER_FINAL);
  }

  @Test
  void sendsEmptyUserNameLikeLibpq() {
    assertThat(new ScramClientExchange("secret").clientFirstMessage()).matches("n,,n=,r=[^,]+");
  }

  @Test
  void rejectsServerSignatureMismatch() throws Exception {
    ScramClientExchange client = rfcClient();
    client.clientFirstMessage();
    client.handleServerFirst(SERVER_FIRST);

    assertThatThrownBy(
            () -> client.verifyServerFinal("v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="))
        .isInstanceOf(UpstreamAuthenticationException.class)
        .hasMessageContaining("server signature is not valid");
  }

  @Test
  void rejectsServerError() throws Exception {
    ScramClientExchange client = rfcClient();
    client.clientFirstMessage();
    client.handleServerFirst(SERVER_FIRST);

    assertThatThrownBy(() -> client.verifyServerFinal("e=invalid-proof"))
        .isInstanceOf(UpstreamAuthenticationException.class)
        .hasMessageContaining("invalid-proof");
  }

  @Test
  void rejectsServerNonceThatDoesNotExtendOurs() {
    ScramClientExchange client = rfcClient();
    client.clientFirstMessage();

    assertThatThrownBy(() -> client.handleServerFirst("r=other,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=1"))
        .isInstanceOf(UpstreamAuthenticationException.class)
        .hasMessageContaining("nonce");
    ScramClientExchange same = rfcClient();
    same.clientFirstMessage();
    assertThatThrownBy(
            () -> same.handleServerFirst("r=" + CLIENT_NONCE + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=1"))
        .isInstanceOf(UpstreamAuthenticationException.class);
  }

  @Test
  void rejectsMalformedServerFirst() {
    for (String message :
        new String[] {
          "", "s=abc,r=x", "r=" + CLIENT_NONCE + "x,s=***,i=4096", "r=" + CLIENT_NONCE + "x,s=AA=="
        }) {
      ScramClientExchange client = rfcClient();
      client.clientFirstMessage();
      assertThatThrownBy(() -> client.handleServerFirst(message))
          .as(message)
          .isInstanceOf(UpstreamAuthenticationException.class)
          .hasMessageStartingWith("malformed upstream SCRAM message");
    }
  }

  @Test
  void refusesStepsOutOfOrder() {
    ScramClientExchange client = rfcClient();

    assertThatThrownBy(() -> client.handleServerFirst(SERVER_FIRST))
        .isInstanceOf(IllegalStateException.class);
  }
}
