package io.dbwarden.sidecar.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class ScramCredentialTest {

  // "pencil" with the RFC 7677 salt, computed independently with Python's hashlib.
  private static final String PENCIL =
      "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$"
          + "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:"
          + "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=";

  @Test
  void derivesKnownVerifier() {
    ScramCredential credential =
        ScramCredential.fromPassword(
            "pencil", Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);

    assertThat(credential.format()).isEqualTo(PENCIL);
  }

  @Test
  void parsesWhatItFormats() {
    ScramCredential credential = ScramCredential.parse(PENCIL);

    assertThat(credential.iterations()).isEqualTo(4096);
    assertThat(credential.format()).isEqualTo(PENCIL);
    assertThat(ScramCredential.parse(credential.format())).isEqualTo(credential);
  }

  @Test
  void rejectsMalformedVerifiersWithoutEchoingThem() {
    for (String bad :
        new String[] {
          "hunter2",
          "SCRAM-SHA-256$4096:c2FsdA==",
          "SCRAM-SHA-256$many:c2FsdA==$a:b",
          "SCRAM-SHA-256$4096:c2FsdA==$!!!:???",
          "SCRAM-SHA-256$4096:c2FsdA==$c2hvcnQ=:c2hvcnQ=",
          "SCRAM-SHA-256$0:c2FsdA==$" + PENCIL.substring(PENCIL.lastIndexOf('$') + 1)
        }) {
      assertThatThrownBy(() -> ScramCredential.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .message()
          .doesNotContain(bad);
    }
  }

  @Test
  void toStringHidesKeys() {
    assertThat(ScramCredential.parse(PENCIL)).hasToString("ScramCredential[iterations=4096]");
  }

  @Test
  void hasherProducesVerifierWithDefaultIterations() {
    String verifier = PasswordHasher.hash("s3cret");
    ScramCredential credential = ScramCredential.parse(verifier);

    assertThat(credential.iterations()).isEqualTo(4096);
    assertThat(credential.salt()).hasSize(16);
    assertThat(PasswordHasher.hash("s3cret")).isNotEqualTo(verifier);
  }
}
