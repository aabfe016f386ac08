package io.dbwarden.sidecar.policy;

import io.dbwarden.sidecar.sql.lexer.LexedStatement;
import io.dbwarden.sidecar.sql.lexer.Token;
import io.dbwarden.sidecar.sql.lexer.TokenKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the session settings that change how later statements must be judged, from a statement's
 * tokens: the literal values matter here, and analyses deliberately do not depend on them.
 */
final class SessionSettings {

  private SessionSettings() {}

  /**
   * The search path a statement sets: null when it does not touch it, an empty list when it goes
   * back to the default ({@code RESET}, {@code SET ... TO DEFAULT}, {@code DISCARD ALL}), else the
   * schemas with {@code $user} replaced by the session user.
   */
  static List<String> searchPath(LexedStatement statement, String sessionUser) {
    List<Token> t = statement.significantTokens();
    if (t.isEmpty()) {
      return null;
    }
    if (t.get(0).is("reset") || t.get(0).is("discard")) {
      return t.size() == 2 && (t.get(1).is("search_path") || t.get(1).is("all")) ? List.of() : null;
    }
    if (!t.get(0).is("set")) {
      return null;
    }
    int i = 1;
    if (i < t.size() && (t.get(i).is("session") || t.get(i).is("local"))) {
      i++;
    }
    if (i >= t.size() || !t.get(i).is("search_path")) {
      return null;
    }
    i++;
    if (i < t.size() && (t.get(i).is("to") || isOperator(t.get(i), "="))) {
      i++;
    }
    if (i < t.size() && t.get(i).is("default")) {
      return List.of();
    }
    List<String> schemas = new ArrayList<>();
    for (; i < t.size(); i++) {
      Token token = t.get(i);
      if (token.kind() == TokenKind.COMMA) {
        continue;
      }
      String name = token.value();
      if ("$user".equals(name)) {
        if (sessionUser != null) {
          schemas.add(sessionUser);
        }
      } else if (name != null) {
        schemas.add(name);
      }
    }
    return schemas;
  }

  /**
   * Whether a statement calls {@code set_config} in a way that may change a built-in setting
   * ({@code role}, {@code search_path}...): anything but a string literal naming a custom setting
   * ({@code app.tenant}) as the first argument counts.
   */
  static boolean setsBuiltIn(LexedStatement statement) {
    List<Token> t = statement.significantTokens();
    for (int i = 0; i < t.size(); i++) {
      Token token = t.get(i);
      boolean call =
          "set_config".equals(token.value())
              && (token.kind() == TokenKind.IDENTIFIER
                  || token.kind() == TokenKind.QUOTED_IDENTIFIER)
              && i + 1 < t.size()
              && t.get(i + 1).kind() == TokenKind.LEFT_PAREN;
      if (!call) {
        continue;
      }
      boolean customLiteral =
          i + 3 < t.size()
              && isString(t.get(i + 2))
              && t.get(i + 2).value().contains(".")
              && t.get(i + 3).kind() == TokenKind.COMMA;
      if (!customLiteral) {
        return true;
      }
    }
    return false;
  }

  private static boolean isString(Token token) {
    return switch (token.kind()) {
      case STRING, ESCAPE_STRING, NATIONAL_STRING, UNICODE_STRING, DOLLAR_STRING -> true;
      default -> false;
    };
  }

  private static boolean isOperator(Token token, String operator) {
    return token.kind() == TokenKind.OPERATOR && operator.equals(token.value());
  }
}
