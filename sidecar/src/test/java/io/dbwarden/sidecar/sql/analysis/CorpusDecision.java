package io.dbwarden.sidecar.sql.analysis;

import io.dbwarden.api.policy.Operation;
import java.util.Set;

/**
 * The corpus's fixed decision semantics, so that every entry's {@code decision} is checked against
 * its own analysis: identity User {@code corpus}, a policy granting ALL operations on {@code
 * public.*} and {@code pg_temp.*} only, guardrail preset {@code default}. The first rule that
 * applies decides: fail-closed rules, then guardrails, then permissions.
 */
final class CorpusDecision {

  private static final Set<String> DANGEROUS_FUNCTIONS =
      Set.of(
          "pg_read_file",
          "pg_read_binary_file",
          "pg_ls_dir",
          "pg_stat_file",
          "lo_import",
          "lo_export",
          "lo_from_bytea",
          "pg_terminate_backend",
          "pg_cancel_backend",
          "pg_reload_conf",
          "pg_rotate_logfile");

  private static final Set<String> ROLE_SETTINGS =
      Set.of("role", "session_authorization", SettingChanges.ANY_SETTING);

  private CorpusDecision() {}

  static String unparseable() {
    return "deny:unparseable";
  }

  static String decide(String sql, StatementAnalysis analysis) {
    // PREPARE is judged by the statement it prepares
    StatementAnalysis judged =
        analysis.operation() == Operation.PREPARE && analysis.inner() != null
            ? analysis.inner()
            : analysis;
    if (!judged.understood() || !analysis.understood()) {
      return "deny:unsupported";
    }
    if (judged.operation() == Operation.DO) {
      return "deny:do-block";
    }
    if (judged.operation() == Operation.CALL) {
      return "deny:call";
    }
    if (judged.has(Feature.DYNAMIC_SQL)) {
      return "deny:dynamic-sql";
    }
    if (judged.operation() == Operation.DROP && dropsObject(judged.objectKind())) {
      return "deny:drop-object";
    }
    if (judged.operation() == Operation.TRUNCATE) {
      return "deny:truncate";
    }
    if (judged.has(Feature.UNBOUNDED_WRITE)) {
      return "deny:unbounded-write";
    }
    if (judged.has(Feature.DROP_COLUMN)) {
      return "deny:drop-column";
    }
    if (judged.operation() == Operation.GRANT || judged.operation() == Operation.REVOKE) {
      return "deny:privileges";
    }
    if (judged.objectKind() == ObjectKind.ROLE
        && (judged.operation() == Operation.CREATE
            || judged.operation() == Operation.ALTER
            || judged.operation() == Operation.DROP)) {
      return "deny:roles";
    }
    if (judged.has(Feature.SET_ROLE) || judged.has(Feature.SET_SESSION_AUTHORIZATION)) {
      return "deny:set-role";
    }
    if (judged.has(Feature.COPY_PROGRAM)) {
      return "deny:copy-program";
    }
    if (judged.has(Feature.COPY_SERVER_FILE)) {
      return "deny:copy-server-file";
    }
    if (dangerousFunction(sql, judged)) {
      return "deny:dangerous-function";
    }
    for (TableRef table : judged.tablesRead()) {
      if (!permitted(table)) {
        return "deny:default";
      }
    }
    for (TableRef table : judged.tablesWritten()) {
      if (!permitted(table)) {
        return "deny:default";
      }
    }
    return "allow";
  }

  private static boolean dropsObject(ObjectKind kind) {
    return kind == ObjectKind.TABLE
        || kind == ObjectKind.SCHEMA
        || kind == ObjectKind.DATABASE
        || kind == ObjectKind.VIEW
        || kind == ObjectKind.MATERIALIZED_VIEW;
  }

  private static boolean dangerousFunction(String sql, StatementAnalysis analysis) {
    for (String function : analysis.functions()) {
      if (DANGEROUS_FUNCTIONS.contains(function)) {
        return true;
      }
    }
    if (analysis.functions().contains("set_config")) {
      // which setting is a constant the analysis does not see: read it from the text
      for (String target : SettingChanges.setConfigTargets(sql)) {
        if (ROLE_SETTINGS.contains(target)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean permitted(TableRef table) {
    return table.schema().equals("public") || table.schema().equals("pg_temp");
  }
}
