package io.dbwarden.sidecar.sql.lexer;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes a {@link LexedStatement} from its tokens: the text, the tokens relative to it, the
 * literals, the redacted text and the normalized form with its fingerprint.
 *
 * <p>The normalized form must give different strings for different token sequences (the analysis
 * cache is keyed by its fingerprint), so tokens are rendered unambiguously and spacing depends on
 * the tokens only: one space between tokens, none inside brackets, before a comma, semicolon or
 * subscript, between a name and its parenthesis, nor around {@code .} and {@code ::}.
 */
final class StatementNormalizer {

  /** Parameters above this are refused by the server anyway; it keeps the numbering in range. */
  private static final int MAX_PARAMETER = 1_000_000;

  private StatementNormalizer() {}

  /** The statement made of the tokens {@code [from, to)}, which hold a significant token. */
  static LexedStatement build(String sql, TokenBuffer buffer, int from, int to) {
    int base = buffer.start(from);
    int limit = buffer.end(to - 1);
    int highestParameter = 0;
    for (int t = from; t < to; t++) {
      if (buffer.kind(t) == TokenKind.PARAMETER) {
        highestParameter = Math.max(highestParameter, parameterNumber(buffer.value(t)));
      }
    }
    List<Token> tokens = new ArrayList<>(to - from);
    List<String> literals = new ArrayList<>();
    StringBuilder normalized = new StringBuilder(limit - base);
    StringBuilder redacted = null;
    int copied = base;
    int placeholder = highestParameter;
    TokenKind previous = null;
    for (int t = from; t < to; t++) {
      TokenKind kind = buffer.kind(t);
      int start = buffer.start(t);
      int end = buffer.end(t);
      String value = buffer.value(t);
      tokens.add(new Token(kind, start - base, end - base, value));
      if (kind.isComment()) {
        continue;
      }
      if (previous != null && spaced(previous, kind)) {
        normalized.append(' ');
      }
      previous = kind;
      if (kind.isLiteral()) {
        placeholder++;
        literals.add(value);
        normalized.append('$').append(placeholder);
        if (redacted == null) {
          redacted = new StringBuilder(limit - base);
        }
        redacted.append(sql, copied, start).append('$').append(placeholder);
        copied = end;
        continue;
      }
      switch (kind) {
        case IDENTIFIER -> normalized.append(value);
        case QUOTED_IDENTIFIER, UNICODE_IDENTIFIER -> appendQuoted(normalized, value);
        case PARAMETER -> normalized.append('$').append(parameterNumber(value));
        default -> normalized.append(sql, start, end);
      }
    }
    String text = sql.substring(base, limit);
    String redactedText = text;
    if (redacted != null) {
      redactedText = redacted.append(sql, copied, limit).toString();
    }
    String normalizedText = normalized.toString();
    return new LexedStatement(
        text, normalizedText, Fingerprint.of(normalizedText), redactedText, literals, tokens, base);
  }

  private static boolean spaced(TokenKind previous, TokenKind next) {
    switch (previous) {
      case LEFT_PAREN, LEFT_BRACKET, DOT, TYPECAST -> {
        return false;
      }
      default -> {}
    }
    return switch (next) {
      case RIGHT_PAREN, RIGHT_BRACKET, LEFT_BRACKET, COMMA, SEMICOLON, DOT, TYPECAST -> false;
      case LEFT_PAREN -> !isName(previous);
      default -> true;
    };
  }

  private static boolean isName(TokenKind kind) {
    return kind == TokenKind.IDENTIFIER
        || kind == TokenKind.QUOTED_IDENTIFIER
        || kind == TokenKind.UNICODE_IDENTIFIER;
  }

  private static void appendQuoted(StringBuilder out, String name) {
    out.append('"');
    if (name.indexOf('"') < 0) {
      out.append(name);
    } else {
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        out.append(c);
        if (c == '"') {
          out.append('"');
        }
      }
    }
    out.append('"');
  }

  /** The number of {@code $n}, leading zeros and all; huge ones are capped. */
  static int parameterNumber(String parameter) {
    int n = 0;
    for (int i = 1; i < parameter.length(); i++) {
      n = n * 10 + (parameter.charAt(i) - '0');
      if (n > MAX_PARAMETER) {
        return MAX_PARAMETER;
      }
    }
    return n;
  }
}
