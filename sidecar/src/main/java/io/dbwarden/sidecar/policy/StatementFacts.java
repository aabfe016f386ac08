package io.dbwarden.sidecar.policy;

import io.dbwarden.api.audit.AuditEvent.ColumnLineage;
import java.util.List;

/**
 * What the decision step learned about a statement, for its audit record: the text with literals
 * redacted, its fingerprint and operation, the tables and columns it reads and writes, and the
 * version of the policy it was judged under. For a Query of several statements the texts are joined
 * and the rest is their union.
 *
 * @param text the statement with every literal replaced by a placeholder; never the raw text
 * @param lineage the output columns of the (last) statement returning rows, with their sources
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
    String policyVersion) {

  public StatementFacts {
    tablesRead = List.copyOf(tablesRead);
    tablesWritten = List.copyOf(tablesWritten);
    columnsRead = List.copyOf(columnsRead);
    columnsWritten = List.copyOf(columnsWritten);
    lineage = List.copyOf(lineage);
  }
}
