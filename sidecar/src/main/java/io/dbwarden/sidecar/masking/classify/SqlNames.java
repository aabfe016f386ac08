package io.dbwarden.sidecar.masking.classify;

/** Quoting of identifiers and string constants in SQL the proxy writes itself. */
public final class SqlNames {

  private SqlNames() {}

  /** An identifier, always double-quoted, so it means exactly the stored name. */
  public static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /** {@code "schema"."name"}. */
  public static String quote(String schema, String name) {
    return quote(schema) + '.' + quote(name);
  }

  /**
   * A standard string constant (valid whatever standard_conforming_strings says: no backslashes).
   */
  public static String literal(String value) {
    if (value.indexOf('\\') >= 0) {
      throw new IllegalArgumentException("backslashes are not written into SQL");
    }
    return "'" + value.replace("'", "''") + "'";
  }
}
