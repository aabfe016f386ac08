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
 * @param oid its {@code pg_class} oid, which RowDescription names as a result column's origin; 0
 *     when not known
 */
public record Relation(
    TableRef ref, Kind kind, List<Column> columns, Set<TableRef> baseTables, long oid) {

  public Relation {
    columns = List.copyOf(columns);
    baseTables = Set.copyOf(baseTables);
  }

  /** A relation whose oid is not known (a catalog written by hand). */
  public Relation(TableRef ref, Kind kind, List<Column> columns, Set<TableRef> baseTables) {
    this(ref, kind, columns, baseTables, 0);
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
   * @param number its attribute number ({@code attnum}), which RowDescription names as a result
   *     column's origin; 0 when not known
   */
  public record Column(String name, String type, int typeOid, int number) {

    /** A column whose attribute number is not known (a catalog written by hand). */
    public Column(String name, String type, int typeOid) {
      this(name, type, typeOid, 0);
    }
  }
}
