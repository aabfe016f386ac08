package io.dbwarden.sidecar.audit;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * ISO-8601 UTC timestamps with microseconds, as {@code Instant.toString()} writes them but without
 * its formatter on every call: the date and time of day are formatted once per second.
 */
final class Timestamps {

  /** The formatted second most recently used, with its epoch second. */
  private record Second(long epochSecond, String prefix) {}

  private static volatile Second cached = new Second(Long.MIN_VALUE, "");

  private Timestamps() {}

  static String now() {
    return format(Instant.now());
  }

  static String format(Instant instant) {
    long second = instant.getEpochSecond();
    Second current = cached;
    if (current.epochSecond() != second) {
      LocalDateTime time = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
      String prefix = String.format("%tFT%<tT.", time);
      current = new Second(second, prefix);
      cached = current;
    }
    int micros = instant.getNano() / 1_000;
    StringBuilder out = new StringBuilder(current.prefix().length() + 7);
    out.append(current.prefix());
    String digits = Integer.toString(micros);
    for (int i = digits.length(); i < 6; i++) {
      out.append('0');
    }
    return out.append(digits).append('Z').toString();
  }
}
