package io.dbwarden.sidecar.policy;

import io.dbwarden.sidecar.sql.analysis.SettingChange;
import io.dbwarden.sidecar.sql.analysis.SettingChanges;
import io.dbwarden.sidecar.sql.lexer.LexedStatement;
import io.dbwarden.sidecar.sql.lexer.SqlLexer;
import io.dbwarden.sidecar.sql.lexer.Token;
import io.dbwarden.sidecar.sql.lexer.TokenKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The session settings that change how later statements must be judged. Their values matter here,
 * while analyses deliberately do not depend on literal values.
 */
final class SessionSettings {

  private SessionSettings() {}

  /**
   * The search path a statement sets: null when it does not touch it, an empty list when it goes
   * back to the default ({@code RESET}, {@code SET ... TO DEFAULT}, {@code RESET ALL}, {@code
   * DISCARD ALL}), else the schemas with {@code $user} replaced by the session user.
   */
  static List<String> searchPath(LexedStatement statement, String sessionUser) {
    List<Token> first = statement.significantTokens();
    if (first.size() == 2 && first.get(0).is("discard") && first.get(1).is("all")) {
      return List.of();
    }
    Optional<SettingChange> change = SettingChanges.of(statement.text());
    if (change.isEmpty()) {
      return null;
    }
    String name = change.get().name();
    if (name.equals("all") && change.get().value() == null) {
      return List.of();
    }
    if (!name.equals("search_path")) {
      return null;
    }
    if (change.get().value() == null) {
      return List.of();
    }
    List<String> schemas = new ArrayList<>();
    for (Token token : SqlLexer.tokenize(change.get().value(), true)) {
      if (token.kind() == TokenKind.COMMA || token.kind().isComment()) {
        continue;
      }
      if ("$user".equals(token.value())) {
        if (sessionUser != null) {
          schemas.add(sessionUser);
        }
      } else {
        schemas.add(token.value());
      }
    }
    return schemas;
  }

  /**
   * Whether a statement calls {@code set_config} in a way that may change a built-in setting
   * ({@code role}, {@code search_path}...): only string constants naming a custom setting ({@code
   * app.tenant}) are safe.
   */
  static boolean setsBuiltIn(LexedStatement statement) {
    for (String target : SettingChanges.setConfigTargets(statement.text())) {
      if (target.equals(SettingChanges.ANY_SETTING) || target.indexOf('.') < 0) {
        return true;
      }
    }
    return false;
  }
}
