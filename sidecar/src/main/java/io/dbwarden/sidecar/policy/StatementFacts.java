package io.dbwarden.sidecar.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dbwarden.api.audit.AuditEvent.ColumnLineage;
import java.util.List;
import java.util.Map;

/**
 * What the decision step learned about a statement, for its audit record: the text with literals
 * redacted, its fingerprint and operation, the tables and columns it reads and writes, and the
 * version of the policy it was judged under. For a Query of several statements the texts are joined
 * and the rest is their union; {@link #statements} then has each statement's own facts, for its own
 * audit records.
 *
 * @param text the statement with every literal replaced by a placeholder; never the raw text
 * @param lineage the output columns of the (last) statement returning rows, with their sources
 * @param rule the permission rule that allowed the statement, or null
 * @param parameters the literals' values by placeholder ({@code $3}), only when the policy includes
 *     parameters in audit records; null when they are redacted
 * @param statements for a Query of several statements, each one's facts; else empty
 */
public record StatementFacts(
    String text,
    String fingerprint,
    String operation,
    List<String> tablesRead,
    List<String> tablesWritten,
    List<String> columnsRead,
    List<String> columnsWritten,
    List<ColumnLineage> lineage,
    String policyVersion,
    String rule,
    @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> parameters,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<StatementFacts> statements) {

  public StatementFacts {
    tablesRead = List.copyOf(tablesRead);
    tablesWritten = List.copyOf(tablesWritten);
    columnsRead = List.copyOf(columnsRead);
    columnsWritten = List.copyOf(columnsWritten);
    lineage = List.copyOf(lineage);
    statements = List.copyOf(statements);
  }

  /** Facts of one statement, without a rule or parameters. */
  public StatementFacts(
      String text,
      String fingerprint,
      String operation,
      List<String> tablesRead,
      List<String> tablesWritten,
      List<String> columnsRead,
      List<String> columnsWritten,
      List<ColumnLineage> lineage,
      String policyVersion) {
    this(
        text,
        fingerprint,
        operation,
        tablesRead,
        tablesWritten,
        columnsRead,
        columnsWritten,
        lineage,
        policyVersion,
        null,
        null,
        List.of());
  }

  /** Each statement's facts: {@link #statements}, or this one alone. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public List<StatementFacts> each() {
    return statements.isEmpty() ? List.of(this) : statements;
  }
}
