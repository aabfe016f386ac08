package io.dbwarden.sidecar.masking;

import io.dbwarden.sidecar.catalog.Relation;
import io.dbwarden.sidecar.masking.classify.SqlNames;
import io.dbwarden.sidecar.sql.analysis.TableRef;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The protected columns of one relation and the subquery every read of it is replaced with: the
 * relation's columns in catalog order, protected ones masked, each under its own name and with its
 * own type, so the subquery looks exactly like the relation to the rest of the statement.
 *
 * @param table the relation
 * @param columns all its columns, in order
 * @param masked the protected ones, by name; not empty
 * @param oid the relation's oid, by which a result column names it as its origin; 0 when unknown
 */
public record TableMask(
    TableRef table, List<Relation.Column> columns, Map<String, ColumnMask> masked, long oid) {

  public TableMask {
    Objects.requireNonNull(table, "table must not be null");
    columns = List.copyOf(columns);
    masked = Map.copyOf(masked);
  }

  /** {@code (SELECT "id", <mask>("email") AS "email", ... FROM "public"."customers")}. */
  public String subquery(HashKey key) {
    StringBuilder sql = new StringBuilder(64 + columns.size() * 48).append("(SELECT ");
    for (int i = 0; i < columns.size(); i++) {
      Relation.Column column = columns.get(i);
      String name = SqlNames.quote(column.name());
      if (i > 0) {
        sql.append(", ");
      }
      ColumnMask mask = masked.get(column.name());
      if (mask == null) {
        sql.append(name);
      } else {
        sql.append(MaskExpressions.expression(mask, name, key)).append(" AS ").append(name);
      }
    }
    return sql.append(" FROM ")
        .append(SqlNames.quote(table.schema(), table.name()))
        .append(')')
        .toString();
  }
}
