package io.dbwarden.sidecar.catalog;

import io.dbwarden.sidecar.sql.analysis.TableRef;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A table, view or other relation.
 *
 * @param ref schema and name
 * @param kind what it is
 * @param columns its columns in order, without dropped and system columns
 * @param baseTables for a view or materialized view: the relations its definition reads, resolved
 *     recursively down to tables; empty otherwise
 */
public record Relation(TableRef ref, Kind kind, List<Column> columns, Set<TableRef> baseTables) {

  public Relation {
    columns = List.copyOf(columns);
    baseTables = Set.copyOf(baseTables);
  }

  public Optional<Column> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** Relation kinds, after {@code pg_class.relkind}. */
  public enum Kind {
    TABLE,
    PARTITIONED_TABLE,
    VIEW,
    MATERIALIZED_VIEW,
    FOREIGN_TABLE,
    SEQUENCE
  }

  /**
   * One column.
   *
   * @param name as stored
   * @param type the type's name as {@code format_type} prints it ({@code character varying(255)})
   * @param typeOid the type's oid
   */
  public record Column(String name, String type, int typeOid) {}
}
