package io.dbwarden.sidecar.sql.lexer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Splits the text of a simple-protocol Query into the statements the server will run, as its
 * grammar does: at every top-level semicolon, except inside the {@code BEGIN ATOMIC ... END} body
 * of a SQL-standard function or procedure (see {@link RoutineBodyTracker}). Empty statements are
 * dropped, as the server drops them. Semicolons inside strings, quoted identifiers, comments and
 * dollar quotes are not tokens at all, so they never split.
 *
 * <p>The server lexes with the session's {@code standard_conforming_strings}, which the proxy
 * learns from ParameterStatus. The result says whether the other value would lex the Query
 * differently; that costs a second pass only when a plain {@code '...'} string holds a backslash,
 * the one place where the setting matters.
 */
public final class StatementSplitter {

  private StatementSplitter() {}

  /**
   * @param sql the Query's text
   * @param standardConformingStrings the session's current setting
   * @throws SqlLexException when the server would reject the Query while lexing it (an unterminated
   *     string, quoted identifier, dollar quote or comment, a bad number or escape)
   */
  public static SplitQuery split(String sql, boolean standardConformingStrings) {
    Objects.requireNonNull(sql, "sql must not be null");
    TokenBuffer tokens = new TokenBuffer();
    boolean backslash = SqlLexer.lex(sql, standardConformingStrings, tokens);
    List<LexedStatement> statements = statements(sql, tokens);
    boolean sensitive = backslash && lexesDifferently(sql, !standardConformingStrings, tokens);
    return new SplitQuery(statements, sensitive);
  }

  private static List<LexedStatement> statements(String sql, TokenBuffer tokens) {
    List<LexedStatement> statements = new ArrayList<>(2);
    RoutineBodyTracker tracker = new RoutineBodyTracker();
    int first = 0;
    boolean significant = false;
    for (int t = 0; t < tokens.size(); t++) {
      TokenKind kind = tokens.kind(t);
      if (kind.isComment()) {
        continue;
      }
      if (tracker.endsStatement(kind, tokens.value(t))) {
        if (significant) {
          statements.add(StatementNormalizer.build(sql, tokens, first, t));
        }
        first = t + 1;
        significant = false;
      } else {
        significant = true;
      }
    }
    if (significant) {
      statements.add(StatementNormalizer.build(sql, tokens, first, tokens.size()));
    }
    return statements;
  }

  /**
   * Whether the other setting gives other tokens (and so possibly other statements). If the other
   * setting makes the Query unlexable, the server would reject it under that setting: no risk.
   */
  private static boolean lexesDifferently(String sql, boolean otherSetting, TokenBuffer tokens) {
    TokenBuffer other = new TokenBuffer();
    try {
      SqlLexer.lex(sql, otherSetting, other);
    } catch (SqlLexException e) {
      return false;
    }
    return !tokens.sameShape(other);
  }
}
