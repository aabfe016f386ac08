package io.dbwarden.sidecar.sql.analysis;

/** Short descriptions of tokens for error messages that must not echo constants. */
final class Describe {

  private static final int MAX_TEXT = 40;

  private Describe() {}

  static String token(SqlToken token) {
    return switch (token.kind()) {
      case STRING -> "string constant";
      case NUMBER -> "numeric constant";
      default -> quoted(token.text());
    };
  }

  /** A keyword, identifier or operator in double quotes, shortened if long. */
  static String quoted(String text) {
    if (text.startsWith("\"")) {
      // a quoted identifier already wears its quotes
      return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "...\"" : text;
    }
    String shown = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "..." : text;
    return "\"" + shown + "\"";
  }
}
