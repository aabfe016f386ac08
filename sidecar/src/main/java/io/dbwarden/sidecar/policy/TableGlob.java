package io.dbwarden.sidecar.policy;

import io.dbwarden.sidecar.sql.analysis.TableRef;

/**
 * A table pattern of a rule: {@code schema.table} where {@code *} matches any run of characters and
 * {@code ?} one character, or {@code *} alone for every table. Names compare as PostgreSQL stores
 * them (unquoted names lower case).
 */
public final class TableGlob {

  private final String pattern;
  private final boolean everything;

  private TableGlob(String pattern) {
    this.pattern = pattern;
    this.everything = pattern.equals("*") || pattern.equals("*.*");
  }

  public static TableGlob of(String pattern) {
    if (!pattern.equals("*") && pattern.indexOf('.') < 0) {
      throw new IllegalArgumentException(
          "table pattern \"" + pattern + "\" must be schema.table or *");
    }
    return new TableGlob(pattern);
  }

  public boolean matches(TableRef table) {
    return everything || matches(pattern, 0, table.toString(), 0);
  }

  private static boolean matches(String p, int pi, String s, int si) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      if (c == '*') {
        for (int k = si; k <= s.length(); k++) {
          if (matches(p, pi + 1, s, k)) {
            return true;
          }
        }
        return false;
      }
      if (si >= s.length() || (c != '?' && c != s.charAt(si))) {
        return false;
      }
      pi++;
      si++;
    }
    return si == s.length();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
