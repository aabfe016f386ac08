package io.dbwarden.sidecar.masking;

import io.dbwarden.api.policy.MaskingStrategy;
import io.dbwarden.sidecar.masking.classify.SensitiveKind;
import java.util.Locale;
import java.util.Set;

/**
 * The SQL expression that masks one column, evaluated by the database, so that no clear value ever
 * leaves it. Every expression is cast back to the column's own type: a masked column has the same
 * type and type modifier as the clear one (Describe reports the same), and a value that cannot be
 * masked within its type becomes NULL of that type.
 *
 * <ul>
 *   <li>{@code redact}: text becomes {@code ****}; other types NULL.
 *   <li>{@code partial}: keeps the shape: {@code j***@example.com}, {@code ***-**-6789}, a card's
 *       or phone's last four characters, a name's initial, a date's year (as 1 January); a value
 *       too short to show part of is redacted. Secrets and free text are always redacted whole.
 *   <li>{@code hash}: keyed HMAC-SHA-256 ({@link HashKey}): text gets 32 hex digits, integers and
 *       UUIDs a number or UUID taken from it, so equal values stay equal (joins, GROUP BY,
 *       DISTINCT) and nothing else is learned; other types NULL.
 *   <li>{@code null}: NULL of the column's type.
 * </ul>
 */
public final class MaskExpressions {

  private static final String REDACTED = "'****'";

  private static final String ASCII_DIGITS = "0123456789";
  private static final String ASCII_LETTERS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  /** Separators of groups of digits; the '-' first, where a bracket expression takes it as is. */
  private static final String SEPARATORS = "- ().+/";

  private static final Set<String> TEXT =
      Set.of("text", "character varying", "character", "citext", "varchar", "bpchar");
  private static final Set<String> DATES =
      Set.of("date", "timestamp without time zone", "timestamp with time zone");

  private MaskExpressions() {}

  /**
   * @param mask the column and how to mask it
   * @param ref how the expression refers to the column's clear value
   */
  public static String expression(ColumnMask mask, String ref, HashKey key) {
    String base = baseType(mask.type());
    String type = mask.type();
    MaskingStrategy strategy = mask.strategy();
    if (strategy == MaskingStrategy.NULL) {
      return nullOf(type);
    }
    if (TEXT.contains(base)) {
      return text(mask, ref, key, type);
    }
    if (DATES.contains(base) && strategy == MaskingStrategy.PARTIAL) {
      return cast("date_trunc('year', " + ref + ")", type);
    }
    if (strategy == MaskingStrategy.HASH) {
      String hex = key.hmacHex(ref + "::text");
      switch (base) {
        case "bigint" -> {
          return cast(whenNotNull(ref, "('x' || left(" + hex + ", 16))::bit(64)::bigint"), type);
        }
        case "integer" -> {
          return cast(whenNotNull(ref, "('x' || left(" + hex + ", 8))::bit(32)::integer"), type);
        }
        case "uuid" -> {
          return cast(whenNotNull(ref, "left(" + hex + ", 32)::uuid"), type);
        }
        default -> {
          return nullOf(type);
        }
      }
    }
    return nullOf(type);
  }

  private static String text(ColumnMask mask, String ref, HashKey key, String type) {
    // one cast around the whole CASE, so the result keeps the column's type modifier too
    return cast(
        switch (mask.strategy()) {
          case HASH -> whenNotNull(ref, "left(" + key.hmacHex(ref + "::text") + ", 32)");
          case PARTIAL -> partial(mask.kind(), ref);
          default -> whenNotNull(ref, REDACTED);
        },
        type);
  }

  private static String partial(SensitiveKind kind, String ref) {
    String value = ref + "::text";
    return switch (kind) {
      case EMAIL ->
          "CASE WHEN "
              + ref
              + " IS NULL THEN NULL WHEN "
              + value
              + " ~ '^[^@]+@[^@]+$' THEN left("
              + value
              + ", 1) || '***' || substr("
              + value
              + ", strpos("
              + value
              + ", '@')) ELSE "
              + REDACTED
              + " END";
      case PAYMENT_CARD, NATIONAL_ID, PHONE, IBAN ->
          "CASE WHEN "
              + ref
              + " IS NULL THEN NULL WHEN length("
              + value
              + ") >= 8 THEN "
              + alphanumericStarred("left(" + value + ", -4)")
              + " || right("
              + value
              + ", 4) ELSE "
              + REDACTED
              + " END";
      case PERSON_NAME ->
          "CASE WHEN "
              + ref
              + " IS NULL THEN NULL WHEN length("
              + value
              + ") >= 2 THEN left("
              + value
              + ", 1) || '***' ELSE "
              + REDACTED
              + " END";
      default -> whenNotNull(ref, REDACTED);
    };
  }

  /**
   * {@code text} with every alphanumeric character replaced by {@code *}. regexp_replace with
   * {@code [[:alnum:]]} says exactly that, but costs microseconds a value, several times more than
   * reading the row. Values made only of ASCII digits, letters and separators, as card numbers,
   * IDs, phone numbers and IBANs nearly always are, go through translate() instead, which maps
   * those the same way (ASCII digits and letters are alphanumeric in every locale, the separators
   * in none) at a fraction of the cost; any other value, such as one with digits a locale may count
   * as alphanumeric, keeps the regular expression.
   */
  private static String alphanumericStarred(String text) {
    // translate() searches its list for each character in turn: digits, the most frequent, first
    return "CASE WHEN "
        + text
        + " ~ '^["
        + SEPARATORS
        + ASCII_DIGITS
        + ASCII_LETTERS
        + "]*$' THEN translate("
        + text
        + ", '"
        + ASCII_DIGITS
        + SEPARATORS
        + ASCII_LETTERS
        + "', '"
        + "*".repeat(ASCII_DIGITS.length())
        + SEPARATORS
        + "*".repeat(ASCII_LETTERS.length())
        + "') ELSE regexp_replace("
        + text
        + ", '[[:alnum:]]', '*', 'g') END";
  }

  private static String whenNotNull(String ref, String expression) {
    return "CASE WHEN " + ref + " IS NULL THEN NULL ELSE " + expression + " END";
  }

  private static String cast(String expression, String type) {
    return "CAST(" + expression + " AS " + type + ")";
  }

  private static String nullOf(String type) {
    return "CAST(NULL AS " + type + ")";
  }

  /** {@code character varying(255)} → {@code character varying}. */
  static String baseType(String type) {
    String t = type.toLowerCase(Locale.ROOT).strip();
    int paren = t.indexOf('(');
    if (paren >= 0) {
      int close = t.indexOf(')', paren);
      t = (t.substring(0, paren) + (close >= 0 ? t.substring(close + 1) : "")).strip();
    }
    return t;
  }
}
