package io.dbwarden.sidecar.sql.analysis;

import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.parser.TokenMgrException;
import net.sf.jsqlparser.statement.Statement;

/**
 * Runs JSqlParser on one statement in the calling thread. Like {@code CCJSqlParserUtil.parse} it
 * tries the fast grammar first and complex parsing only when that fails and the statement is not
 * deeply nested (complex parsing can take exponential time there), but it builds the parser itself
 * so that a {@link ParseCancellation} can reach it instead of a thread per call.
 */
final class JSqlParsing {

  /** Above this parenthesis depth complex parsing is not attempted (as in CCJSqlParserUtil). */
  private static final int COMPLEX_PARSING_DEPTH = CCJSqlParserUtil.ALLOWED_NESTING_DEPTH;

  private JSqlParsing() {}

  /**
   * @param sql the statement as JSqlParser must see it (see {@link SqlTokenizer})
   * @param depth the statement's deepest parenthesis nesting
   */
  static Statement parse(String sql, int depth, ParseCancellation cancellation)
      throws AnalysisException {
    try {
      return attempt(sql, false, cancellation);
    } catch (ParseException | RuntimeException first) {
      cancellation.check();
      if (depth > COMPLEX_PARSING_DEPTH) {
        throw error(sql, first);
      }
      try {
        return attempt(sql, true, cancellation);
      } catch (ParseException | RuntimeException second) {
        cancellation.check();
        // the fast grammar's complaint points at the real problem more often
        throw error(sql, first);
      }
    }
  }

  private static Statement attempt(String sql, boolean complex, ParseCancellation cancellation)
      throws ParseException, AnalysisException {
    CCJSqlParser parser =
        CCJSqlParserUtil.newParser(sql)
            .withAllowComplexParsing(complex)
            .withUnsupportedStatements(false);
    cancellation.attach(parser);
    try {
      Statement statement = parser.Statement();
      cancellation.check();
      Token next = parser.getNextToken();
      if (next.kind == CCJSqlParserConstants.ST_SEMICOLON) {
        next = parser.getNextToken();
      }
      if (next.kind != CCJSqlParserConstants.EOF) {
        ParseException trailing = new ParseException("statement continues after its end");
        trailing.currentToken = new Token();
        trailing.currentToken.next = next;
        throw trailing;
      }
      return statement;
    } finally {
      cancellation.detach();
    }
  }

  private static AnalysisException error(String sql, Exception failure) {
    if (failure instanceof ParseException parse && parse.currentToken != null) {
      Token at = parse.currentToken.next != null ? parse.currentToken.next : parse.currentToken;
      return AnalysisException.syntax(sql, offset(sql, at), "unexpected " + describe(at));
    }
    if (failure instanceof TokenMgrException) {
      return new AnalysisException("cannot parse statement: unexpected character", 0);
    }
    // the generated parser throws runtime exceptions for some inputs it cannot build a tree for
    return new AnalysisException("cannot parse statement: unsupported syntax", 0);
  }

  private static int offset(String sql, Token token) {
    int line = 1;
    int i = 0;
    while (line < token.beginLine && i < sql.length()) {
      if (sql.charAt(i) == '\n') {
        line++;
      }
      i++;
    }
    return Math.min(sql.length(), i + Math.max(0, token.beginColumn - 1));
  }

  private static String describe(Token token) {
    if (token.kind == CCJSqlParserConstants.EOF) {
      return "end of statement";
    }
    String image = token.image == null ? "" : token.image;
    if (image.startsWith("'")) {
      return "string constant";
    }
    if (!image.isEmpty() && (Character.isDigit(image.charAt(0)) || image.charAt(0) == '.')) {
      return "numeric constant";
    }
    return Describe.quoted(image);
  }
}
