package io.dbwarden.sidecar.audit;

import io.dbwarden.api.audit.AuditEvent;
import io.dbwarden.api.audit.AuditEvent.StatementInfo;
import io.dbwarden.sidecar.sql.lexer.LexedStatement;
import io.dbwarden.sidecar.sql.lexer.SplitQuery;
import io.dbwarden.sidecar.sql.lexer.StatementSplitter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Redacts the literals of statements recorded with their raw text, which is what the proxy records
 * when no policy judged them (the pass-through proxy does not lex on its event loops). It runs on
 * the sink's writer thread, before the record is hashed, so raw literals never reach the output.
 * Not thread-safe: one writer thread owns it.
 */
final class StatementRedaction {

  /** Texts redacted lately: a statement's intent and completed records carry the same text. */
  private static final int CACHED = 256;

  private final Map<String, String[]> recent = new HashMap<>();

  /** The record with its statement's text redacted, when it still carries raw text. */
  AuditEvent apply(AuditEvent event) {
    StatementInfo statement = event.statement();
    if (statement == null
        || statement.fingerprint() != null
        || statement.text() == null
        || "function_call".equals(statement.protocol())) {
      return event;
    }
    String[] known = recent.get(statement.text());
    if (known == null) {
      known = redact(statement.text());
      if (recent.size() >= CACHED) {
        recent.clear();
      }
      recent.put(statement.text(), known);
    }
    String text = known[0];
    String fingerprint = known[1];
    return event.withStatement(
        new StatementInfo(
            statement.seq(),
            text,
            fingerprint,
            statement.operation(),
            statement.protocol(),
            statement.tablesRead(),
            statement.tablesWritten(),
            statement.columnsRead(),
            statement.columnsWritten(),
            statement.lineage(),
            statement.parameters()));
  }

  /** The redacted text and the fingerprint. */
  private static String[] redact(String raw) {
    String text;
    String fingerprint;
    try {
      // The pass-through proxy does not track standard_conforming_strings per record; it is on
      // unless a client turned it off, and a redaction under the wrong setting still replaces
      // every literal it sees.
      SplitQuery split = StatementSplitter.split(raw, true);
      List<LexedStatement> statements = split.statements();
      text = statements.stream().map(LexedStatement::redacted).collect(Collectors.joining(";\n"));
      fingerprint =
          statements.stream().map(LexedStatement::fingerprint).collect(Collectors.joining("+"));
    } catch (RuntimeException e) {
      text = "(statement that could not be tokenized, not recorded)";
      fingerprint = "";
    }
    return new String[] {text, fingerprint};
  }
}
