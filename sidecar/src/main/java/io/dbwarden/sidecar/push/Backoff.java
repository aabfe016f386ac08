package io.dbwarden.sidecar.push;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Delays between reconnection attempts: doubling from {@code initial} up to {@code max}, each drawn
 * between half and all of that ("equal jitter"), so a fleet of sidecars that lost the operator
 * together does not come back in one wave, and none waits less than half the step.
 *
 * @param initial the delay before the first retry
 * @param max the longest delay
 */
public record Backoff(Duration initial, Duration max) {

  public Backoff {
    Objects.requireNonNull(initial, "initial must not be null");
    Objects.requireNonNull(max, "max must not be null");
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < initial <= max");
    }
  }

  /**
   * The delay before retry number {@code attempt} (0 for the first).
   *
   * @param random a number in [0, 1)
   */
  public Duration delay(int attempt, DoubleSupplier random) {
    long ceiling = max.toMillis();
    long step = initial.toMillis();
    for (int i = 0; i < attempt && step < ceiling; i++) {
      step *= 2;
    }
    step = Math.min(step, ceiling);
    return Duration.ofMillis(step / 2 + (long) (random.getAsDouble() * (step - step / 2)));
  }
}
