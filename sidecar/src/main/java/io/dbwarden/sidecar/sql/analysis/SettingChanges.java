package io.dbwarden.sidecar.sql.analysis;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads what a statement does to session settings, from its text. This is deliberately separate
 * from {@link StatementAnalysis}: an analysis never depends on constants (it is cached by
 * fingerprint), while the value a {@code SET} assigns is exactly a constant.
 */
public final class SettingChanges {

  /** Stands for a {@code set_config} target that is not a constant (a parameter, an expression). */
  public static final String ANY_SETTING = "*";

  private SettingChanges() {}

  /**
   * The setting a {@code SET} or {@code RESET} statement changes. Empty for any other statement,
   * for {@code SET TRANSACTION}, {@code SET CONSTRAINTS} and for text that does not parse.
   *
   * @param statement one statement, as {@link StatementAnalyzer#analyze} takes it
   */
  public static Optional<SettingChange> of(String statement) {
    try {
      SqlTokenizer.Result tokens = SqlTokenizer.tokenize(statement);
      TokenCursor cursor = new TokenCursor(statement, tokens.tokens());
      if (!cursor.peekWord("set") && !cursor.peekWord("reset")) {
        return Optional.empty();
      }
      return Optional.ofNullable(SettingParser.parse(cursor).change());
    } catch (AnalysisException notASetting) {
      return Optional.empty();
    }
  }

  /**
   * The settings the statement's {@code set_config(name, value, is_local)} calls target, in lower
   * case; {@link #ANY_SETTING} for a call whose first argument is not a string constant. Guardrails
   * use it to tell {@code set_config('role', ...)} from {@code set_config('search_path', ...)},
   * which the analysis itself (blind to constants) cannot.
   */
  public static Set<String> setConfigTargets(String statement) {
    Set<String> targets = new LinkedHashSet<>();
    List<SqlToken> tokens;
    try {
      tokens = SqlTokenizer.tokenize(statement).tokens();
    } catch (AnalysisException unreadable) {
      return Set.of(ANY_SETTING);
    }
    for (int i = 0; i + 1 < tokens.size(); i++) {
      SqlToken token = tokens.get(i);
      if (token.isIdentifier()
          && token.identifier().equals("set_config")
          && tokens.get(i + 1).isPunctuation("(")) {
        targets.add(constantArgument(tokens, i + 2));
      }
    }
    return targets;
  }

  private static String constantArgument(List<SqlToken> tokens, int at) {
    if (at + 1 >= tokens.size()
        || tokens.get(at).kind() != SqlToken.Kind.STRING
        || !tokens.get(at + 1).isPunctuation(",")) {
      return ANY_SETTING;
    }
    String text = tokens.get(at).text();
    if (text.startsWith("'") && text.endsWith("'") && text.indexOf('\n') < 0) {
      return text.substring(1, text.length() - 1).replace("''", "'").toLowerCase(Locale.ROOT);
    }
    if (text.startsWith("$")) {
      int open = text.indexOf('$', 1) + 1;
      return text.substring(open, text.length() - open).toLowerCase(Locale.ROOT);
    }
    // E'' with escapes, U&'', continued strings: not worth decoding, assume the worst
    return ANY_SETTING;
  }
}
