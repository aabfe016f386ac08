package io.dbwarden.sidecar.sql.analysis;

import java.util.Objects;

/**
 * A table, view or other relation, schema-qualified after resolution through {@code search_path}.
 * Names are as PostgreSQL stores them: unquoted identifiers folded to lower case, quoted ones kept.
 * Temporary tables live in schema {@code pg_temp}.
 */
public record TableRef(String schema, String name) implements Comparable<TableRef> {

  public TableRef {
    Objects.requireNonNull(schema, "schema must not be null");
    Objects.requireNonNull(name, "name must not be null");
  }

  /** {@code schema.name}, the form policies and audit records use. */
  @Override
  public String toString() {
    return schema + "." + name;
  }

  @Override
  public int compareTo(TableRef other) {
    // Field by field, without building strings on every comparison.
    int bySchema = schema.compareTo(other.schema);
    return bySchema != 0 ? bySchema : name.compareTo(other.name);
  }
}
