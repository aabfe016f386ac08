package io.dbwarden.sidecar.sql.analysis;

import java.util.List;
import java.util.Set;

/** Function names as the analysis reports them, and which of them run SQL given as text. */
final class FunctionNames {

  /**
   * Functions that execute SQL text or read a relation named by a string, so that no static
   * analysis can tell what they touch.
   */
  private static final List<String> DYNAMIC_PREFIXES =
      List.of("dblink", "query_to_xml", "table_to_xml", "schema_to_xml", "database_to_xml");

  private static final Set<String> DYNAMIC =
      Set.of(
          "ts_stat",
          "crosstab",
          "crosstab2",
          "crosstab3",
          "crosstab4",
          "connectby",
          "xpath_table",
          "pg_background_launch",
          "cron.schedule",
          "cron.schedule_in_database");

  private FunctionNames() {}

  /** Folded, dot-joined, without a {@code pg_catalog.} qualifier. */
  static String normalize(List<String> rawParts) {
    return join(rawParts.stream().map(Names::fold).toList());
  }

  /** Already folded parts, dot-joined, without a {@code pg_catalog.} qualifier. */
  static String join(List<String> parts) {
    List<String> named =
        parts.size() > 1 && parts.get(0).equals(TableNames.PG_CATALOG)
            ? parts.subList(1, parts.size())
            : parts;
    return String.join(".", named);
  }

  static boolean runsDynamicSql(String name) {
    if (DYNAMIC.contains(name)) {
      return true;
    }
    // the unqualified part decides: an extension's functions may live in any schema
    String base = name.substring(name.lastIndexOf('.') + 1);
    if (DYNAMIC.contains(base)) {
      return true;
    }
    for (String prefix : DYNAMIC_PREFIXES) {
      if (base.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
