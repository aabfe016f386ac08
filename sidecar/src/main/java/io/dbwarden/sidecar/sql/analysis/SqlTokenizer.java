package io.dbwarden.sidecar.sql.analysis;

import io.dbwarden.sidecar.sql.analysis.SqlToken.Kind;
import io.dbwarden.sidecar.sql.lexer.SqlLexException;
import io.dbwarden.sidecar.sql.lexer.SqlLexer;
import io.dbwarden.sidecar.sql.lexer.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * The tokens of one statement, from our lexer, in the form the recognisers use, and the text
 * JSqlParser sees: comments blanked and every string constant replaced by a blank {@code '...'} of
 * the same length. JSqlParser's own lexer knows neither dollar quotes nor {@code E''} escapes nor
 * nested comments, so it would otherwise read some statements differently from the server; and no
 * literal value can then influence the analysis. Positions and line breaks are kept, so error
 * positions stay right.
 *
 * <p>Plain strings are read with {@code standard_conforming_strings = on}: the proxy refuses a
 * query whose tokens would differ under the other setting before it gets here.
 */
final class SqlTokenizer {

  private SqlTokenizer() {}

  /** The tokens of a statement and its text as JSqlParser should see it. */
  record Result(List<SqlToken> tokens, String normalized) {}

  static Result tokenize(String sql) throws AnalysisException {
    List<Token> lexed;
    try {
      lexed = SqlLexer.tokenize(sql, true);
    } catch (SqlLexException e) {
      throw AnalysisException.syntax(sql, e.offset(), e.reason());
    }
    char[] normalized = sql.toCharArray();
    List<SqlToken> tokens = new ArrayList<>(lexed.size());
    for (Token token : lexed) {
      int start = token.start();
      int end = token.end();
      Kind kind = kind(sql, token);
      if (token.kind().isComment()) {
        blank(normalized, start, end);
        continue;
      }
      if (kind == Kind.STRING) {
        blank(normalized, start, end);
        normalized[start] = '\'';
        normalized[end - 1] = '\'';
      }
      tokens.add(new SqlToken(kind, sql.substring(start, end), start, end));
    }
    return new Result(List.copyOf(tokens), new String(normalized));
  }

  private static Kind kind(String sql, Token token) throws AnalysisException {
    return switch (token.kind()) {
      case IDENTIFIER -> Kind.WORD;
      case QUOTED_IDENTIFIER -> Kind.QUOTED_IDENTIFIER;
      // JSqlParser would read U&"d\0061ta" as U & "d\0061ta", other columns than the server's.
      case UNICODE_IDENTIFIER ->
          throw AnalysisException.syntax(
              sql, token.start(), "U&\"...\" identifiers are not supported");
      case STRING,
          ESCAPE_STRING,
          NATIONAL_STRING,
          UNICODE_STRING,
          DOLLAR_STRING,
          BIT_STRING,
          HEX_STRING ->
          Kind.STRING;
      case INTEGER, NUMERIC -> Kind.NUMBER;
      case PARAMETER -> Kind.PARAMETER;
      case OPERATOR, DOT_DOT, COLON_EQUALS -> Kind.OPERATOR;
      case LEFT_PAREN,
          RIGHT_PAREN,
          LEFT_BRACKET,
          RIGHT_BRACKET,
          COMMA,
          SEMICOLON,
          DOT,
          COLON,
          TYPECAST ->
          Kind.PUNCTUATION;
      case LINE_COMMENT, BLOCK_COMMENT -> null;
      case OTHER -> throw AnalysisException.syntax(sql, token.start(), "unexpected character");
    };
  }

  /** Blanks a range, keeping line breaks so that positions keep their line and column. */
  private static void blank(char[] text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (text[i] != '\n' && text[i] != '\r') {
        text[i] = ' ';
      }
    }
  }
}
