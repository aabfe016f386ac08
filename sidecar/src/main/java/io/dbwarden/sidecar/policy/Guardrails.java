package io.dbwarden.sidecar.policy;

import io.dbwarden.api.policy.GuardrailPreset;
import io.dbwarden.api.policy.Operation;
import io.dbwarden.sidecar.sql.analysis.Feature;
import io.dbwarden.sidecar.sql.analysis.ObjectKind;
import io.dbwarden.sidecar.sql.analysis.StatementAnalysis;
import io.dbwarden.sidecar.sql.analysis.TableRef;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Refuses risky statements whoever runs them: the built-in preset first, then the policy's own
 * guardrail rules. Returns null when no guardrail applies.
 */
final class Guardrails {

  /** Functions that reach outside the database's data: server files, other sessions, config. */
  static final Set<String> DANGEROUS_FUNCTIONS =
      Set.of(
          "pg_read_file",
          "pg_read_binary_file",
          "pg_ls_dir",
          "pg_stat_file",
          "pg_ls_logdir",
          "pg_ls_waldir",
          "pg_ls_tmpdir",
          "pg_ls_archive_statusdir",
          "lo_import",
          "lo_export",
          "pg_file_write",
          "pg_file_rename",
          "pg_file_unlink",
          "pg_terminate_backend",
          "pg_cancel_backend",
          "pg_reload_conf",
          "pg_rotate_logfile",
          "pg_promote",
          "pg_switch_wal",
          "pg_create_restore_point",
          "pg_backup_start",
          "pg_backup_stop");

  private static final Set<ObjectKind> DROPPED_DATA =
      EnumSet.of(
          ObjectKind.TABLE,
          ObjectKind.SCHEMA,
          ObjectKind.DATABASE,
          ObjectKind.VIEW,
          ObjectKind.MATERIALIZED_VIEW);

  private static final Set<Operation> DDL =
      EnumSet.of(Operation.CREATE, Operation.ALTER, Operation.DROP, Operation.COMMENT);

  private final GuardrailPreset preset;
  private final List<GuardrailRule> rules;

  Guardrails(GuardrailPreset preset, List<GuardrailRule> rules) {
    this.preset = preset;
    this.rules = rules;
  }

  Decision check(StatementAnalysis a, int statementsInQuery) {
    Decision builtIn = preset == GuardrailPreset.NONE ? null : builtIn(a, statementsInQuery);
    return builtIn != null ? builtIn : custom(a);
  }

  private Decision builtIn(StatementAnalysis a, int statementsInQuery) {
    Operation op = a.operation();
    if (op == Operation.DROP && DROPPED_DATA.contains(a.objectKind())) {
      return blocked("drop-object", "DROP " + kind(a) + on(a.tablesWritten()));
    }
    if (op == Operation.TRUNCATE) {
      return blocked("truncate", "TRUNCATE" + on(a.tablesWritten()));
    }
    if (a.has(Feature.UNBOUNDED_WRITE)) {
      return blocked(
          "unbounded-write",
          op + " without a WHERE that limits the rows" + on(a.tablesWritten()),
          "add a WHERE clause that selects the rows to change");
    }
    if (a.has(Feature.DROP_COLUMN)) {
      return blocked("drop-column", "ALTER TABLE ... DROP COLUMN" + on(a.tablesWritten()));
    }
    if (op == Operation.GRANT || op == Operation.REVOKE) {
      return blocked("privileges", op.name());
    }
    if (a.objectKind() == ObjectKind.ROLE && DDL.contains(op)) {
      return blocked("roles", op + " ROLE");
    }
    if (a.has(Feature.SET_ROLE) || a.has(Feature.SET_SESSION_AUTHORIZATION)) {
      return blocked(
          "set-role",
          a.has(Feature.SET_ROLE) ? "SET ROLE" : "SET SESSION AUTHORIZATION",
          "the database role is chosen by dbwarden from your identity");
    }
    if (a.has(Feature.COPY_PROGRAM)) {
      return blocked("copy-program", "COPY ... PROGRAM");
    }
    if (a.has(Feature.COPY_SERVER_FILE)) {
      return blocked(
          "copy-server-file",
          "COPY to or from a file on the database server",
          "use COPY ... FROM STDIN / TO STDOUT (psql: \\copy)");
    }
    for (String function : a.functions()) {
      if (DANGEROUS_FUNCTIONS.contains(function)) {
        return blocked("dangerous-function", "calling " + function + "()");
      }
    }
    if (preset == GuardrailPreset.STRICT) {
      if (DDL.contains(op)) {
        return blocked("ddl", op + " " + kind(a), "schema changes go through migrations");
      }
      if (a.has(Feature.COPY_FROM)) {
        return blocked("copy-from", "COPY ... FROM" + on(a.tablesWritten()));
      }
      if (statementsInQuery > 1) {
        return blocked("multi-statement", "a query with several statements", "send one at a time");
      }
    }
    return null;
  }

  private Decision custom(StatementAnalysis a) {
    for (GuardrailRule rule : rules) {
      if (!rule.scope().covers(a.operation())) {
        continue;
      }
      TableRef hit = firstCovered(rule.scope(), a);
      if (hit == null && !(rule.scope().tables().isEmpty())) {
        continue;
      }
      String what = a.operation() + (hit == null ? "" : " on " + hit);
      if (rule.requireApproval()) {
        return Decision.requireApproval(
            rule.name(),
            "dbwarden: "
                + what
                + " requires approval under rule \""
                + rule.name()
                + "\", so it was not run");
      }
      return blocked(rule.name(), what);
    }
    return null;
  }

  private static TableRef firstCovered(RuleScope scope, StatementAnalysis a) {
    for (TableRef t : a.tablesWritten()) {
      if (scope.covers(t)) {
        return t;
      }
    }
    for (TableRef t : a.tablesRead()) {
      if (scope.covers(t)) {
        return t;
      }
    }
    return null;
  }

  private static String kind(StatementAnalysis a) {
    return a.objectKind() == null ? "" : a.objectKind().name().replace('_', ' ');
  }

  private static String on(Set<TableRef> tables) {
    return tables.isEmpty()
        ? ""
        : " on "
            + tables.stream().sorted().map(TableRef::toString).collect(Collectors.joining(", "));
  }

  private static Decision blocked(String rule, String what) {
    return blocked(rule, what, null);
  }

  private static Decision blocked(String rule, String what, String advice) {
    return Decision.deny(
        rule,
        "dbwarden: "
            + what
            + " blocked by guardrail \""
            + rule
            + "\""
            + (advice == null ? "" : "; " + advice));
  }
}
