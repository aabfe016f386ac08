package io.dbwarden.sidecar.sql.analysis;

import io.dbwarden.api.policy.Operation;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one statement does, to which tables and columns. Produced from a single statement's text; it
 * never depends on the values of literals, so every statement with the same fingerprint has the
 * same analysis and it can be cached by fingerprint (together with the catalog version and the
 * session's search path and temporary tables).
 *
 * <p>Relations are schema-qualified after resolution ({@link TableRef}); a temporary table the
 * catalog cannot describe has the column {@code *} standing for all its columns.
 *
 * @param operation what the statement does. A SELECT whose WITH holds a data-modifying statement
 *     has that statement's operation ({@code WITH d AS (DELETE ...) SELECT ...} is a DELETE);
 *     {@code SELECT ... INTO} is a CREATE (of a TABLE); {@code DECLARE ... CURSOR FOR q} is {@code
 *     q}'s analysis
 * @param objectKind for DDL, GRANT/REVOKE and COMMENT: what kind of object; otherwise null
 * @param tablesRead relations read (also through subqueries, CTEs, joins, views by name); the
 *     target of an UPDATE, DELETE or MERGE when the statement reads its columns (WHERE, SET
 *     expressions, RETURNING); relations referenced by DDL (foreign keys, INHERITS); LOCK in ACCESS
 *     SHARE mode
 * @param tablesWritten relations written (INSERT/UPDATE/DELETE/MERGE/COPY FROM/TRUNCATE targets),
 *     the relation DDL, COMMENT or GRANT/REVOKE acts on (the table of CREATE INDEX or CREATE
 *     TRIGGER), the relations of VACUUM, ANALYZE, CLUSTER, REINDEX and of LOCK in stronger modes
 * @param columnsRead stored columns read anywhere in the statement (select list, WHERE, JOIN, GROUP
 *     BY, ORDER BY, RETURNING, COPY TO...)
 * @param columnsWritten stored columns assigned by INSERT/UPDATE/MERGE/COPY FROM (all of the
 *     table's columns when the statement lists none)
 * @param functions functions called, lower-case unless quoted, without the {@code pg_catalog.}
 *     prefix, other schemas kept ({@code public.f}); includes functions in DDL definitions
 *     (defaults, checks, index expressions, trigger functions)
 * @param lineage for statements that return rows (queries, RETURNING, COPY TO; EXPLAIN's single
 *     {@code QUERY PLAN}): each output column, named as the server names it, and its sources
 * @param features facts guardrails act on
 * @param preparedName for PREPARE, EXECUTE and DEALLOCATE: the statement name; null for {@code
 *     DEALLOCATE ALL} and other statements
 * @param inner for PREPARE and EXPLAIN: the analysis of the statement inside. For EXPLAIN the outer
 *     analysis also carries everything the inner one touches (tables, columns, functions,
 *     features), since the server checks the same privileges and EXPLAIN ANALYZE runs it; for
 *     PREPARE it carries nothing but the name, as nothing runs before EXECUTE. Else null.
 * @param unknown why the statement could not be fully understood (an unhandled syntax node such as
 *     {@code unsupported expression: UserVariable}, an ambiguous column, a relation whose columns
 *     are needed but unknown); null when it was. A non-null value makes the decision fail closed.
 *     An unknown inner statement makes the outer one unknown too.
 * @param references where the statement names the relations it reads in FROM items (at every query
 *     level, also inside an embedded statement) and as the table of {@code COPY ... TO}, in the
 *     order of the text
 * @param unlocated relations read somewhere {@code references} does not point at (a write target
 *     whose columns are read, {@code TABLE t}, a reference whose position could not be verified):
 *     such a read cannot be rewritten
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
    String unknown,
    List<TableReference> references,
    Set<TableRef> unlocated) {

  public StatementAnalysis {
    Objects.requireNonNull(operation, "operation must not be null");
    tablesRead = Set.copyOf(tablesRead);
    tablesWritten = Set.copyOf(tablesWritten);
    columnsRead = Set.copyOf(columnsRead);
    columnsWritten = Set.copyOf(columnsWritten);
    functions = Set.copyOf(functions);
    lineage = List.copyOf(lineage);
    features = Set.copyOf(features);
    references = List.copyOf(references);
    unlocated = Set.copyOf(unlocated);
  }

  /** An analysis without reference positions (tests, statements built by hand). */
  public StatementAnalysis(
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
    this(
        operation,
        objectKind,
        tablesRead,
        tablesWritten,
        columnsRead,
        columnsWritten,
        functions,
        lineage,
        features,
        preparedName,
        inner,
        unknown,
        List.of(),
        tablesRead);
  }

  /** The same analysis for a statement embedded after {@code tokens} tokens of another. */
  StatementAnalysis shifted(int tokens) {
    if (tokens == 0 || references.isEmpty()) {
      return this;
    }
    return new StatementAnalysis(
        operation,
        objectKind,
        tablesRead,
        tablesWritten,
        columnsRead,
        columnsWritten,
        functions,
        lineage,
        features,
        preparedName,
        inner == null ? null : inner.shifted(tokens),
        unknown,
        references.stream().map(r -> r.shifted(tokens)).toList(),
        unlocated);
  }

  public boolean has(Feature feature) {
    return features.contains(feature);
  }

  public boolean understood() {
    return unknown == null;
  }
}
