package io.dbwarden.sidecar.sql.analysis;

import io.dbwarden.api.policy.Operation;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What the analysis of one statement has found so far; becomes a {@link StatementAnalysis}. */
final class Facts {

  Operation operation;
  ObjectKind objectKind;
  final Set<TableRef> tablesRead = new LinkedHashSet<>();
  final Set<TableRef> tablesWritten = new LinkedHashSet<>();
  final Set<ColumnRef> columnsRead = new LinkedHashSet<>();
  final Set<ColumnRef> columnsWritten = new LinkedHashSet<>();
  final Set<String> functions = new LinkedHashSet<>();
  final Set<Feature> features = EnumSet.noneOf(Feature.class);
  final List<TableReference> references = new ArrayList<>();
  final Set<TableRef> unlocated = new LinkedHashSet<>();
  List<OutputColumn> lineage = List.of();
  String preparedName;
  StatementAnalysis inner;
  private String unknown;

  Facts() {}

  Facts(Operation operation, ObjectKind objectKind) {
    this.operation = operation;
    this.objectKind = objectKind;
  }

  /** Records why the statement is not fully understood; the first reason wins. */
  void unsupported(String reason) {
    if (unknown == null) {
      unknown = reason;
    }
  }

  boolean understood() {
    return unknown == null;
  }

  /** The operation of a data-modifying statement nested in another (a writable CTE). */
  void nestedWrite(Operation write) {
    if (operation == Operation.SELECT) {
      // a SELECT whose CTE deletes rows is a DELETE for governance, whatever the command tag says
      operation = write;
    }
  }

  /** Takes over everything another analysis touched: tables, columns, functions, features. */
  void absorb(StatementAnalysis other) {
    tablesRead.addAll(other.tablesRead());
    tablesWritten.addAll(other.tablesWritten());
    columnsRead.addAll(other.columnsRead());
    columnsWritten.addAll(other.columnsWritten());
    functions.addAll(other.functions());
    features.addAll(other.features());
    references.addAll(other.references());
    unlocated.addAll(other.unlocated());
    if (!other.understood()) {
      unsupported(other.unknown());
    }
  }

  StatementAnalysis build() {
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
        inner,
        unknown,
        references.stream()
            .sorted(java.util.Comparator.comparingInt(TableReference::start))
            .toList(),
        unlocated);
  }
}
