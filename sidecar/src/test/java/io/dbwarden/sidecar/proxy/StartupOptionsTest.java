package io.dbwarden.sidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StartupOptionsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-c role=postgres",
        "-crole=postgres",
        "-c ROLE=postgres",
        "--role=postgres",
        "--session-authorization=postgres",
        "--session_authorization=postgres",
        "-c statement_timeout=5s -c role=admin",
        "-c\\ role=x",
        "  -c   session_authorization  ",
      })
  void roleSwitchingSettingsAreFound(String options) {
    assertThat(StartupOptions.switchesRole(options)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "-c statement_timeout=5s",
        "--search-path=public",
        "-c application_name=role",
        "-c search_path=role\\ x",
      })
  void ordinarySettingsPass(String options) {
    assertThat(StartupOptions.switchesRole(options)).isFalse();
  }
}
