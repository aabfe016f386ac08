package io.dbwarden.sidecar.sql.analysis;

import io.dbwarden.api.policy.Operation;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one statement does, to which tables and columns. Produced from a single statement's text; it
 * never depends on the values of literals, so every statement with the same fingerprint has the
 * same analysis and it can be cached by fingerprint.
 *
 * @param operation what the statement does
 * @param objectKind for DDL, GRANT/REVOKE and COMMENT: what kind of object; otherwise null
 * @param tablesRead relations read (also through subqueries, CTEs, joins, views by name)
 * @param tablesWritten relations written (INSERT/UPDATE/DELETE/MERGE/COPY FROM/TRUNCATE targets,
 *     and the object of DDL)
 * @param columnsRead stored columns read anywhere in the statement (select list, WHERE, JOIN, GROUP
 *     BY, ORDER BY, RETURNING...)
 * @param columnsWritten stored columns assigned by INSERT/UPDATE/MERGE/COPY FROM
 * @param functions functions called, lower-case, without the {@code pg_catalog.} prefix
 * @param lineage for statements that return rows: each output column and its sources
 * @param features facts guardrails act on
 * @param preparedName for PREPARE, EXECUTE and DEALLOCATE: the statement name; else null
 * @param inner for PREPARE and EXPLAIN: the analysis of the statement inside (for EXPLAIN the outer
 *     analysis also carries the inner one's tables and columns, so permissions see them); else
 *     null. {@code DECLARE c CURSOR FOR q} is analysed as {@code q} itself.
 * @param unknown why the statement could not be fully understood (an unhandled syntax node, an
 *     unsupported statement); null when it was. A non-null value makes the decision fail closed.
 */
public record StatementAnalysis(
    Operation operation,
    ObjectKind objectKind,
    Set<TableRef> tablesRead,
    Set<TableRef> tablesWritten,
    Set<ColumnRef> columnsRead,
    Set<ColumnRef> columnsWritten,
    Set<String> functions,
    List<OutputColumn> lineage,
    Set<Feature> features,
    String preparedName,
    StatementAnalysis inner,
    String unknown) {

  public StatementAnalysis {
    Objects.requireNonNull(operation, "operation must not be null");
    tablesRead = Set.copyOf(tablesRead);
    tablesWritten = Set.copyOf(tablesWritten);
    columnsRead = Set.copyOf(columnsRead);
    columnsWritten = Set.copyOf(columnsWritten);
    functions = Set.copyOf(functions);
    lineage = List.copyOf(lineage);
    features = Set.copyOf(features);
  }

  public boolean has(Feature feature) {
    return features.contains(feature);
  }

  public boolean understood() {
    return unknown == null;
  }
}
