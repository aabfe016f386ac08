package io.dbwarden.sidecar.policy;

import io.dbwarden.api.audit.AuditEvent.ColumnLineage;
import io.dbwarden.sidecar.sql.analysis.ColumnRef;
import io.dbwarden.sidecar.sql.analysis.StatementAnalysis;
import io.dbwarden.sidecar.sql.analysis.TableRef;
import io.dbwarden.sidecar.sql.lexer.LexedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Collects the audit facts of one Query or Parse as its statements are analysed. */
final class QueryFacts {

  private final List<LexedStatement> statements;
  private final String policyVersion;
  private final List<String> operations = new ArrayList<>();
  private final Set<TableRef> tablesRead = new TreeSet<>();
  private final Set<TableRef> tablesWritten = new TreeSet<>();
  private final Set<ColumnRef> columnsRead = new TreeSet<>();
  private final Set<ColumnRef> columnsWritten = new TreeSet<>();
  private List<ColumnLineage> lineage = List.of();

  QueryFacts(List<LexedStatement> statements, String policyVersion) {
    this.statements = statements;
    this.policyVersion = policyVersion;
  }

  /** Facts for something that has no redactable text: only a description is recorded. */
  static StatementFacts opaque(String description, String policyVersion) {
    return new StatementFacts(
        "(" + description + ")",
        null,
        null,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        policyVersion);
  }

  void analysed(StatementAnalysis analysis) {
    operations.add(analysis.operation().name());
    if (!analysis.lineage().isEmpty()) {
      lineage =
          analysis.lineage().stream()
              .map(
                  column ->
                      new ColumnLineage(
                          column.name(),
                          column.sources().stream().sorted().map(ColumnRef::toString).toList()))
              .toList();
    }
    StatementAnalysis inner = analysis.inner();
    add(analysis);
    if (inner != null) {
      add(inner);
    }
  }

  private void add(StatementAnalysis a) {
    tablesRead.addAll(a.tablesRead());
    tablesWritten.addAll(a.tablesWritten());
    columnsRead.addAll(a.columnsRead());
    columnsWritten.addAll(a.columnsWritten());
  }

  StatementFacts facts() {
    return new StatementFacts(
        statements.stream().map(LexedStatement::redacted).collect(Collectors.joining(";\n")),
        statements.stream().map(LexedStatement::fingerprint).collect(Collectors.joining("+")),
        operations.isEmpty() ? null : String.join(",", operations),
        names(tablesRead),
        names(tablesWritten),
        names(columnsRead),
        names(columnsWritten),
        lineage,
        policyVersion);
  }

  private static List<String> names(Set<?> refs) {
    return refs.stream().map(Object::toString).toList();
  }
}
