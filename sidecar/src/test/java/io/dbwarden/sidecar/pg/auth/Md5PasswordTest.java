package io.dbwarden.sidecar.pg.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Md5PasswordTest {

  @Test
  void matchesKnownVector() {
    // md5(md5("secret" + "alice") as hex + 01 02 03 04), computed independently with Python.
    byte[] encoded = Md5Password.encode("alice", "secret", new byte[] {1, 2, 3, 4});

    assertThat(new String(encoded, StandardCharsets.US_ASCII))
        .isEqualTo("md598a0412b9c31436fc53776e863350083");
  }

  @Test
  void hasNoTrailingNul() {
    assertThat(Md5Password.encode("u", "p", new byte[4])).hasSize(35);
  }

  @Test
  void rejectsSaltOfWrongLength() {
    assertThatThrownBy(() -> Md5Password.encode("u", "p", new byte[3]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
