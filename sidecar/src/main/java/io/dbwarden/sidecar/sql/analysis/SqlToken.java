package io.dbwarden.sidecar.sql.analysis;

import java.util.Locale;

/**
 * One significant token of a statement (comments and white space are not tokens).
 *
 * @param kind what it is
 * @param text the token exactly as written
 * @param start offset of its first character in the statement
 * @param end offset just after its last character
 */
record SqlToken(Kind kind, String text, int start, int end) {

  enum Kind {
    /** An unquoted identifier or keyword. */
    WORD,
    /** A double-quoted identifier. */
    QUOTED_IDENTIFIER,
    /** Any string constant: {@code '...'}, {@code E'...'}, {@code B'...'}, dollar-quoted... */
    STRING,
    NUMBER,
    /** A positional parameter {@code $n}. */
    PARAMETER,
    OPERATOR,
    /** One of {@code ( ) [ ] , ; . :} or {@code ::}. */
    PUNCTUATION
  }

  boolean isWord(String word) {
    return kind == Kind.WORD && text.equalsIgnoreCase(word);
  }

  boolean isPunctuation(String punctuation) {
    return kind == Kind.PUNCTUATION && text.equals(punctuation);
  }

  /** Whether this names something: an unquoted or quoted identifier. */
  boolean isIdentifier() {
    return kind == Kind.WORD || kind == Kind.QUOTED_IDENTIFIER;
  }

  /**
   * The identifier as PostgreSQL stores it: quoted kept verbatim, unquoted folded to lower case.
   */
  String identifier() {
    if (kind == Kind.QUOTED_IDENTIFIER) {
      return text.substring(1, text.length() - 1).replace("\"\"", "\"");
    }
    return text.toLowerCase(Locale.ROOT);
  }
}
