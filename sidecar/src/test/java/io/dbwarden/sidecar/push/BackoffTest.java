package io.dbwarden.sidecar.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

  @Test
  void delaysDoubleBetweenHalfAndAllOfTheStep() {
    assertThat(backoff.delay(0, () -> 0.0)).isEqualTo(Duration.ofMillis(250));
    assertThat(backoff.delay(0, () -> 0.999))
        .isBetween(Duration.ofMillis(499), Duration.ofMillis(500));
    assertThat(backoff.delay(1, () -> 0.0)).isEqualTo(Duration.ofMillis(500));
    assertThat(backoff.delay(3, () -> 0.0)).isEqualTo(Duration.ofMillis(2000));
  }

  @Test
  void delaysStopGrowingAtTheMaximum() {
    assertThat(backoff.delay(10, () -> 0.0)).isEqualTo(Duration.ofSeconds(15));
    assertThat(backoff.delay(Integer.MAX_VALUE, () -> 0.999))
        .isLessThanOrEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void initialMustBePositiveAndAtMostTheMaximum() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
