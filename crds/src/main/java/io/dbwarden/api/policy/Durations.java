package io.dbwarden.api.policy;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go-style durations as policies write them ({@code 90s}, {@code 15m}, {@code 1h30m}, {@code 2d},
 * {@code 250ms}): one or more number-unit pairs, see {@link PolicyPatterns#DURATION}. A day is 24
 * hours.
 */
public final class Durations {

  private static final Pattern WHOLE = Pattern.compile(PolicyPatterns.DURATION);
  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h|d)");

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @throws IllegalArgumentException if {@code text} is not a duration or is too long to represent
   */
  public static Duration parse(String text) {
    Objects.requireNonNull(text, "text must not be null");
    if (!WHOLE.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "invalid duration \"" + text + "\" (write e.g. 90s, 15m, 1h30m or 2d)");
    }
    Duration total = Duration.ZERO;
    Matcher part = PART.matcher(text);
    try {
      while (part.find()) {
        long amount = Long.parseLong(part.group(1));
        total = total.plus(unit(amount, part.group(2)));
      }
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("duration \"" + text + "\" is too long", e);
    }
    return total;
  }

  /** Whether {@link #parse} accepts {@code text}. */
  public static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static Duration unit(long amount, String unit) {
    return switch (unit) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      default -> throw new IllegalStateException("unit " + unit + " matched the pattern");
    };
  }
}
