package io.dbwarden.sidecar.policy;

import io.dbwarden.sidecar.sql.lexer.LexedStatement;
import io.dbwarden.sidecar.sql.lexer.Token;
import io.dbwarden.sidecar.sql.lexer.TokenKind;
import java.util.List;

/**
 * Cursor names from {@code DECLARE}, {@code FETCH}/{@code MOVE} and {@code CLOSE}, so that every
 * fetch from a cursor draws on the row budget of the query it was declared for.
 */
final class Cursors {

  /** A {@code CLOSE}: the cursor's name, or null for {@code CLOSE ALL}. */
  record Closed(String name) {}

  private Cursors() {}

  /** The cursor a {@code DECLARE} creates, else null. */
  static String declared(LexedStatement statement) {
    List<Token> t = statement.significantTokens();
    return t.size() > 1 && t.get(0).is("declare") && isName(t.get(1)) ? t.get(1).value() : null;
  }

  /** The cursor a {@code FETCH} or {@code MOVE} reads (its last name), else null. */
  static String fetched(LexedStatement statement) {
    List<Token> t = statement.significantTokens();
    if (t.size() < 2 || !(t.get(0).is("fetch") || t.get(0).is("move"))) {
      return null;
    }
    Token last = t.get(t.size() - 1);
    return isName(last) ? last.value() : null;
  }

  static Closed closed(LexedStatement statement) {
    List<Token> t = statement.significantTokens();
    if (t.size() != 2 || !t.get(0).is("close") || !isName(t.get(1))) {
      return null;
    }
    return new Closed(t.get(1).is("all") ? null : t.get(1).value());
  }

  private static boolean isName(Token token) {
    return token.kind() == TokenKind.IDENTIFIER
        || token.kind() == TokenKind.QUOTED_IDENTIFIER
        || token.kind() == TokenKind.UNICODE_IDENTIFIER;
  }
}
