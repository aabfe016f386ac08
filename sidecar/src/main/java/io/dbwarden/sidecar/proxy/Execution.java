package io.dbwarden.sidecar.proxy;

import io.dbwarden.api.audit.AuditEvent;
import io.dbwarden.api.audit.AuditEvent.DecisionInfo;
import io.dbwarden.api.audit.AuditEvent.ResultInfo;
import io.dbwarden.api.audit.AuditEvent.StatementInfo;
import io.dbwarden.sidecar.audit.AuditEvents;
import io.dbwarden.sidecar.masking.RowTransformer;
import io.dbwarden.sidecar.pg.protocol.backend.DataRow;
import io.dbwarden.sidecar.pg.protocol.backend.NoticeResponse;
import io.dbwarden.sidecar.pg.protocol.backend.RowDescription;
import io.dbwarden.sidecar.policy.Decision;
import io.dbwarden.sidecar.policy.RowBudget;
import io.dbwarden.sidecar.policy.RowLimit;
import io.dbwarden.sidecar.policy.StatementFacts;
import io.dbwarden.sidecar.policy.StatementRequest;
import io.netty.buffer.ByteBufAllocator;
import java.util.Locale;

/**
 * One run of a statement: from the Query or Execute that started it to the message that ended it.
 * It carries the row transformation for its results and becomes one audit record.
 */
final class Execution implements RowTransformer.Context {

  private final String sql;
  private final StatementRequest.Protocol protocol;
  private final Decision decision;
  private final RowTransformer rows;
  private RowBudget budget;
  private long withheldReported;
  private final long startNanos = System.nanoTime();
  private RowDescription description;
  private long rowCount;
  private boolean counted;
  private long rowsSent;
  private long maskedValues;
  private ByteBufAllocator alloc;
  private String sqlState;
  private String error;

  /**
   * @param budget the row budget this run's results draw from, or null for a fresh one per result
   *     (a portal's runs share the portal's budget)
   */
  Execution(String sql, StatementRequest.Protocol protocol, Decision decision, RowBudget budget) {
    this.sql = sql;
    this.protocol = protocol;
    this.decision = decision;
    this.rows = decision.rows();
    this.budget = budget != null ? budget : decision.budgetForResult();
  }

  Execution(String sql, StatementRequest.Protocol protocol, Decision decision) {
    this(sql, protocol, decision, null);
  }

  Decision decision() {
    return decision;
  }

  RowTransformer rows() {
    return rows;
  }

  RowDescription description() {
    return description;
  }

  void describedAs(RowDescription description) {
    this.description = description;
  }

  /**
   * Passes one row through the transformation step; returns null, having released the row, when the
   * row is past the statement's row limit.
   */
  DataRow transform(DataRow row, ByteBufAllocator allocator) {
    if (budget != null && !budget.take()) {
      row.release();
      return null;
    }
    rowsSent++;
    this.alloc = allocator;
    return rows.transform(description, row, this);
  }

  @Override
  public ByteBufAllocator alloc() {
    return alloc;
  }

  @Override
  public void masked(int values) {
    maskedValues += values;
  }

  /**
   * The notice owed to the client when the result that just ended lost rows to the row limit, or
   * null. A simple Query's next statement starts a fresh budget.
   */
  NoticeResponse endOfResult(boolean nextStatementFollows) {
    NoticeResponse notice = null;
    if (budget != null && budget.withheld() > withheldReported) {
      withheldReported = budget.withheld();
      RowLimit limit = budget.limit();
      notice =
          NoticeResponse.of(
                  "WARNING",
                  SqlStates.WARNING,
                  "dbwarden: result cut at "
                      + limit.rows()
                      + " rows by rule \""
                      + limit.rule()
                      + "\"; "
                      + budget.withheld()
                      + " more rows were not sent")
              .withHint("Add a LIMIT or a narrower WHERE to the query.");
    }
    if (nextStatementFollows && decision.budget() == null) {
      budget = decision.budgetForResult();
      withheldReported = 0;
    }
    return notice;
  }

  /** Rows of the current result the row limit kept from the client. */
  long withheldInResult() {
    return budget == null ? 0 : budget.withheld() - withheldReported;
  }

  /** Never ran: an earlier message of its pipeline failed, and the server skipped to Sync. */
  void skipped(String sqlState) {
    failed(sqlState, "not executed: an earlier statement in the same pipeline failed");
  }

  /** Adds the row count of a CommandComplete (a simple Query may complete several statements). */
  void completed(long commandRows) {
    if (commandRows >= 0) {
      rowCount += commandRows;
      counted = true;
    }
  }

  void failed(String sqlState, String error) {
    if (this.sqlState == null) {
      this.sqlState = sqlState;
      this.error = error;
    }
  }

  AuditEvent toAudit(AuditEvents.Connection connection) {
    decision.outcome().ended(sqlState);
    long micros = (System.nanoTime() - startNanos) / 1_000;
    String action =
        decision.allowed() && sqlState == null && maskedValues > 0
            ? "mask"
            : decision.action().auditName();
    return AuditEvents.statement(
        connection,
        statementInfo(),
        new DecisionInfo(action, decision.rule(), decision.reason()),
        new ResultInfo(counted ? rowCount : rowsSent, maskedValues, sqlState, error),
        micros,
        decision.facts() == null ? null : decision.facts().policyVersion());
  }

  private StatementInfo statementInfo() {
    String path = protocol.name().toLowerCase(Locale.ROOT);
    StatementFacts facts = decision.facts();
    if (facts == null) {
      return new StatementInfo(sql, null, null, path, null, null, null, null, null);
    }
    return new StatementInfo(
        facts.text(),
        facts.fingerprint(),
        facts.operation(),
        path,
        facts.tablesRead(),
        facts.tablesWritten(),
        facts.columnsRead(),
        facts.columnsWritten(),
        facts.lineage());
  }
}
