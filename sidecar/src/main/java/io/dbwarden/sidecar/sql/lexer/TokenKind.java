package io.dbwarden.sidecar.sql.lexer;

/**
 * What a {@link Token} is, following the rules of PostgreSQL's scanner ({@code scan.l}). Key words
 * are not told apart from names: the server's grammar decides which a word is, and most key words
 * can be names.
 */
public enum TokenKind {
  /** An unquoted word, key word or name; its value is folded to lower case and truncated. */
  IDENTIFIER(false, false),
  /** {@code "..."} with {@code ""} for a quote; its value is the name, case kept. */
  QUOTED_IDENTIFIER(false, false),
  /** {@code U&"..."} with an optional {@code UESCAPE 'c'} clause; its value is the decoded name. */
  UNICODE_IDENTIFIER(false, false),
  /** {@code '...'}, lexed according to {@code standard_conforming_strings}. */
  STRING(true, false),
  /** {@code E'...'}: backslash escapes whatever the setting. */
  ESCAPE_STRING(true, false),
  /** {@code N'...'}: a plain string of type {@code nchar}. */
  NATIONAL_STRING(true, false),
  /** {@code U&'...'} with an optional {@code UESCAPE 'c'} clause, which belongs to the token. */
  UNICODE_STRING(true, false),
  /** {@code $$...$$} or {@code $tag$...$tag$}: no escapes at all. */
  DOLLAR_STRING(true, false),
  /** {@code B'...'}: its value is the digits as written. */
  BIT_STRING(true, false),
  /** {@code X'...'}: its value is the digits as written. */
  HEX_STRING(true, false),
  /** {@code 42}, {@code 1_000}, {@code 0x2A}, {@code 0o52}, {@code 0b101010}. */
  INTEGER(true, false),
  /** {@code 1.5}, {@code .5}, {@code 5.}, {@code 1e10}. */
  NUMERIC(true, false),
  /** A positional parameter {@code $n}. */
  PARAMETER(false, false),
  /** An operator, one character or more ({@code =}, {@code <>}, {@code ->>}, {@code =>}...). */
  OPERATOR(false, false),
  LEFT_PAREN(false, false),
  RIGHT_PAREN(false, false),
  LEFT_BRACKET(false, false),
  RIGHT_BRACKET(false, false),
  COMMA(false, false),
  SEMICOLON(false, false),
  DOT(false, false),
  /** {@code ..} (PL/pgSQL ranges). */
  DOT_DOT(false, false),
  COLON(false, false),
  /** {@code ::}. */
  TYPECAST(false, false),
  /** {@code :=}. */
  COLON_EQUALS(false, false),
  /**
   * A character the scanner hands to the grammar alone, such as {@code \}, <code>{</code> or a
   * {@code $} that starts neither a parameter nor a dollar quote: the grammar rejects it.
   */
  OTHER(false, false),
  /** {@code -- ...} up to, not including, the end of the line. */
  LINE_COMMENT(false, true),
  /** <code>/* ... *&#47;</code>, nested ones included. */
  BLOCK_COMMENT(false, true);

  private final boolean literal;
  private final boolean comment;

  TokenKind(boolean literal, boolean comment) {
    this.literal = literal;
    this.comment = comment;
  }

  /** A constant: replaced by {@code $n} in the fingerprint and the redacted text. */
  public boolean isLiteral() {
    return literal;
  }

  public boolean isComment() {
    return comment;
  }
}
