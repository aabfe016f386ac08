package io.dbwarden.sidecar.pg.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SaslPrepTest {

  @Test
  void leavesAsciiUnchanged() {
    assertThat(SaslPrep.prepare("p\u0007ss word")).isEqualTo("p\u0007ss word");
  }

  @Test
  void followsRfc4013Examples() {
    assertThat(SaslPrep.prepare("I\u00ADX")).isEqualTo("IX");
    assertThat(SaslPrep.prepare("\u00AA")).isEqualTo("a");
    assertThat(SaslPrep.prepare("\u2168")).isEqualTo("IX");
  }

  @Test
  void mapsNonAsciiSpaceToSpace() {
    assertThat(SaslPrep.prepare("a\u00A0b")).isEqualTo("a b");
  }

  @Test
  void keepsOriginalWhenProhibitedCharacterRemains() {
    assertThat(SaslPrep.prepare("\u00E9\u0007")).isEqualTo("\u00E9\u0007");
  }
}
