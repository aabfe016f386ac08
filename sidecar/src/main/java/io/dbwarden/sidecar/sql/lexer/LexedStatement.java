package io.dbwarden.sidecar.sql.lexer;

import java.util.List;
import java.util.Objects;

/**
 * One statement of a Query, as the server will run it.
 *
 * @param text the statement's source text: from its first non-blank character (leading comments
 *     included, they may carry a reason) up to, not including, the semicolon that ends it, trailing
 *     whitespace removed
 * @param normalized the fingerprint form: no comments, canonical spacing, unquoted words in lower
 *     case, quoted identifiers in double quotes, every literal (string of any kind, number, bit
 *     string) replaced by {@code $n}, numbered after the highest {@code $n} parameter of the
 *     statement as pg_stat_statements does
 * @param fingerprint the first 16 lower-case hex digits of the SHA-256 of {@code normalized}
 * @param redacted {@code text} with each literal replaced by its {@code $n}, comments and layout
 *     kept: what audit records
 * @param literals the literals' values in order: strings after escape processing, numbers as
 *     written
 * @param tokens the tokens of {@code text}, comments included, with offsets into {@code text}
 * @param offset where {@code text} starts in the Query
 */
public record LexedStatement(
    String text,
    String normalized,
    String fingerprint,
    String redacted,
    List<String> literals,
    List<Token> tokens,
    int offset) {

  public LexedStatement {
    Objects.requireNonNull(text, "text must not be null");
    Objects.requireNonNull(normalized, "normalized must not be null");
    Objects.requireNonNull(fingerprint, "fingerprint must not be null");
    Objects.requireNonNull(redacted, "redacted must not be null");
    literals = List.copyOf(literals);
    tokens = List.copyOf(tokens);
  }

  /**
   * The statement's first word folded to lower case ({@code "select"}, {@code "with"}, {@code
   * "create"}...), or an empty string when it starts with something else.
   */
  public String firstWord() {
    for (Token token : tokens) {
      if (!token.kind().isComment()) {
        return token.kind() == TokenKind.IDENTIFIER ? token.value() : "";
      }
    }
    return "";
  }

  /** The tokens without the comments. */
  public List<Token> significantTokens() {
    return tokens.stream().filter(t -> !t.kind().isComment()).toList();
  }
}
