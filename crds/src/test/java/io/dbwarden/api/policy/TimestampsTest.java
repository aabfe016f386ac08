package io.dbwarden.api.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampsTest {

  @Test
  void rfc3339TimesInUtcOrWithAnOffsetAreRead() {
    assertThat(Timestamps.parse("2026-03-01T10:15:30Z"))
        .contains(Instant.parse("2026-03-01T10:15:30Z"));
    assertThat(Timestamps.parse("2026-03-01T12:15:30+02:00"))
        .contains(Instant.parse("2026-03-01T10:15:30Z"));
  }

  @Test
  void whatIsNotATimeIsAbsent() {
    assertThat(Timestamps.parse(null)).isEmpty();
    assertThat(Timestamps.parse(" ")).isEmpty();
    assertThat(Timestamps.parse("yesterday")).isEmpty();
    assertThat(Timestamps.parse("2026-03-01")).isEmpty();
  }
}
