package io.dbwarden.sidecar.policy;

import io.dbwarden.api.policy.Operation;
import io.dbwarden.api.policy.Operations;
import io.dbwarden.sidecar.sql.analysis.TableRef;
import java.util.List;
import java.util.Set;

/**
 * The statements a rule is about: operations (empty means every operation) on tables (empty means
 * every table, and statements that touch no table).
 */
public record RuleScope(Set<Operation> operations, List<TableGlob> tables) {

  public RuleScope {
    operations = Set.copyOf(operations);
    tables = List.copyOf(tables);
  }

  /**
   * The scope of operation names ({@code ALL} or none for every operation) on table globs (none for
   * every table), as policies and scope grants write them.
   */
  public static RuleScope of(List<String> operations, List<String> tables) {
    Set<Operation> ops =
        operations == null || operations.isEmpty() ? Set.of() : Operations.resolve(operations);
    if (ops.size() == Operation.values().length) {
      ops = Set.of();
    }
    return new RuleScope(
        ops, tables == null ? List.of() : tables.stream().map(TableGlob::of).toList());
  }

  public boolean covers(Operation operation) {
    return operations.isEmpty() || operations.contains(operation);
  }

  /** Whether the table is in scope; a null table (a statement with no table) only when unscoped. */
  public boolean covers(TableRef table) {
    if (tables.isEmpty()) {
      return true;
    }
    if (table == null) {
      return false;
    }
    for (TableGlob glob : tables) {
      if (glob.matches(table)) {
        return true;
      }
    }
    return false;
  }
}
