package io.dbwarden.sidecar.masking.classify;

import io.dbwarden.sidecar.sql.analysis.TableRef;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The classification of every column of one relation.
 *
 * @param table the relation
 * @param catalogVersion the catalog version it was made for
 * @param sampledContent whether values were looked at, or only names and types
 * @param columns one entry per column, in the relation's column order
 */
public record TableClassification(
    TableRef table,
    long catalogVersion,
    boolean sampledContent,
    List<ColumnClassification> columns) {

  public TableClassification {
    Objects.requireNonNull(table, "table must not be null");
    columns = List.copyOf(columns);
  }

  public Optional<ColumnClassification> column(String name) {
    return columns.stream().filter(c -> c.column().equals(name)).findFirst();
  }
}
