package io.dbwarden.sidecar.sql.analysis;

import java.util.Objects;

/**
 * One column of one relation. Column {@code *} stands for every column of a relation the catalog
 * does not know (a temporary table, or one created since the catalog was read).
 */
public record ColumnRef(TableRef table, String column) implements Comparable<ColumnRef> {

  public ColumnRef {
    Objects.requireNonNull(table, "table must not be null");
    Objects.requireNonNull(column, "column must not be null");
  }

  /** {@code schema.table.column}, the form policies and audit records use. */
  @Override
  public String toString() {
    return table + "." + column;
  }

  @Override
  public int compareTo(ColumnRef other) {
    int byTable = table.compareTo(other.table);
    return byTable != 0 ? byTable : column.compareTo(other.column);
  }
}
