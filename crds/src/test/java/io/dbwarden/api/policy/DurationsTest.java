package io.dbwarden.api.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "0s, PT0S",
    "250ms, PT0.25S",
    "90s, PT1M30S",
    "15m, PT15M",
    "1h, PT1H",
    "1h30m, PT1H30M",
    "2d, PT48H",
    "1d2h3m4s5ms, PT26H3M4.005S",
    "1m1m, PT2M"
  })
  void parses(String text, Duration expected) {
    assertThat(Durations.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1", "h", "1 h", "1H", "-1s", "1.5h", "1w", "1hour", "ms"})
  void refuses(String text) {
    assertThat(Durations.isValid(text)).isFalse();
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid duration \"" + text + "\" (write e.g. 90s, 15m, 1h30m or 2d)");
  }

  @Test
  void refusesWhatDoesNotFitADuration() {
    assertThat(Durations.isValid("99999999999999999999d")).isFalse();
    assertThat(Durations.isValid("9999999999999999d")).isFalse();
  }
}
