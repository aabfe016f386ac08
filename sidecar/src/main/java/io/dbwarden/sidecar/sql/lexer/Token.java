package io.dbwarden.sidecar.sql.lexer;

import java.util.Objects;

/**
 * One token of SQL text.
 *
 * @param kind what the token is
 * @param start offset of its first character in the text it was lexed from (for the tokens of a
 *     {@link LexedStatement}: in the statement's text)
 * @param end offset just past its last character
 * @param value what the token means: for identifiers the name as the server sees it (folded and
 *     truncated to 63 bytes), for strings the value after escape processing and continuation, for
 *     numbers, parameters, operators, punctuation and comments the text as written
 */
public record Token(TokenKind kind, int start, int end, String value) {

  public Token {
    Objects.requireNonNull(kind, "kind must not be null");
    Objects.requireNonNull(value, "value must not be null");
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad token bounds " + start + ".." + end);
    }
  }

  /** True for an unquoted word with this lower-case spelling, such as {@code is("select")}. */
  public boolean is(String word) {
    return kind == TokenKind.IDENTIFIER && value.equals(word);
  }

  public int length() {
    return end - start;
  }
}
