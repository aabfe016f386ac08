package io.dbwarden.sidecar.sql.analysis;

import io.dbwarden.sidecar.catalog.Relation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves relation names like the server: a qualified name is taken as written; an unqualified one
 * is looked up along the effective search path (the session's temporary tables, then {@code
 * pg_catalog}, then the {@code search_path} schemas, unless {@code pg_temp} or {@code pg_catalog}
 * are listed explicitly); a name found nowhere belongs to the first {@code search_path} schema,
 * which is also where unqualified objects are created.
 */
final class TableNames {

  static final String PG_TEMP = "pg_temp";
  static final String PG_CATALOG = "pg_catalog";

  private final AnalysisScope scope;

  TableNames(AnalysisScope scope) {
    this.scope = scope;
  }

  /**
   * An existing relation named by these folded parts ({@code [name]} or {@code [schema, name]}).
   */
  TableRef resolve(List<String> parts) {
    if (parts.size() == 2) {
      return new TableRef(parts.get(0), parts.get(1));
    }
    if (parts.size() != 1) {
      throw new Unsupported("cross-database reference: " + String.join(".", parts));
    }
    String name = parts.get(0);
    for (String schema : effectivePath()) {
      if (schema.equals(PG_TEMP)) {
        if (scope.temporaryTables().contains(name)) {
          return new TableRef(PG_TEMP, name);
        }
      } else if (scope.catalog().relation(schema, name).isPresent()) {
        return new TableRef(schema, name);
      }
    }
    return new TableRef(creationSchema(name), name);
  }

  /** Where {@code CREATE} puts an object named by these parts. */
  TableRef forCreate(List<String> parts, boolean temporary) {
    if (temporary) {
      return new TableRef(PG_TEMP, parts.get(parts.size() - 1));
    }
    if (parts.size() == 2) {
      return new TableRef(parts.get(0), parts.get(1));
    }
    if (parts.size() != 1) {
      throw new Unsupported("cross-database reference: " + String.join(".", parts));
    }
    return new TableRef(creationSchema(parts.get(0)), parts.get(0));
  }

  Optional<Relation> relation(TableRef ref) {
    return scope.catalog().relation(ref.schema(), ref.name());
  }

  boolean isTemporary(TableRef ref) {
    return ref.schema().equals(PG_TEMP);
  }

  private String creationSchema(String name) {
    if (scope.searchPath().isEmpty()) {
      throw new Unsupported("no schema on search_path for \"" + name + "\"");
    }
    return scope.searchPath().get(0);
  }

  private List<String> effectivePath() {
    List<String> path = new ArrayList<>(scope.searchPath().size() + 2);
    if (!scope.searchPath().contains(PG_TEMP)) {
      path.add(PG_TEMP);
    }
    if (!scope.searchPath().contains(PG_CATALOG)) {
      path.add(PG_CATALOG);
    }
    path.addAll(scope.searchPath());
    return path;
  }
}
