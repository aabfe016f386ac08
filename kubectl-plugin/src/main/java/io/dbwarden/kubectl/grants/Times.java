package io.dbwarden.kubectl.grants;

import io.dbwarden.api.policy.Timestamps;
import java.time.Duration;
import java.time.Instant;

/** Times as the API writes them (RFC 3339) and as people read them (12m ago, in 48m). */
public final class Times {

  private Times() {}

  /** The time {@code timestamp} names, or null when there is none or it cannot be read. */
  public static Instant parse(String timestamp) {
    return Timestamps.parse(timestamp).orElse(null);
  }

  /** How long ago {@code then} was, as kubectl's AGE column says it: 45s, 12m, 5h, 3d. */
  public static String age(Instant then, Instant now) {
    return then == null ? "-" : span(Duration.between(then, now));
  }

  /** {@code in 48m} for a time to come, {@code 12m ago} for one past; {@code -} for none. */
  public static String relative(Instant then, Instant now) {
    if (then == null) {
      return "-";
    }
    Duration between = Duration.between(now, then);
    return between.isNegative() ? span(between.negated()) + " ago" : "in " + span(between);
  }

  /** A time with how far it is from now: {@code 2025-03-01T11:20:00Z (in 48m)}. */
  public static String withRelative(String timestamp, Instant now) {
    Instant then = parse(timestamp);
    return then == null ? timestamp : timestamp + " (" + relative(then, now) + ")";
  }

  private static String span(Duration duration) {
    long seconds = Math.max(0, duration.getSeconds());
    if (seconds < 120) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 180) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 48) {
      return hours + "h";
    }
    return hours / 24 + "d";
  }
}
