package io.dbwarden.sidecar.proxy;

import io.dbwarden.api.audit.AuditEvent;
import io.dbwarden.api.audit.AuditEvent.DecisionInfo;
import io.dbwarden.api.audit.AuditEvent.ResultInfo;
import io.dbwarden.api.audit.AuditEvent.StatementInfo;
import io.dbwarden.sidecar.audit.AuditEvents;
import io.dbwarden.sidecar.masking.RowTransformer;
import io.dbwarden.sidecar.pg.protocol.backend.DataRow;
import io.dbwarden.sidecar.pg.protocol.backend.RowDescription;
import io.dbwarden.sidecar.policy.Decision;
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
  private final long startNanos = System.nanoTime();
  private RowDescription description;
  private long rowCount;
  private boolean counted;
  private long rowsSent;
  private long maskedValues;
  private ByteBufAllocator alloc;
  private String sqlState;
  private String error;

  Execution(String sql, StatementRequest.Protocol protocol, Decision decision) {
    this.sql = sql;
    this.protocol = protocol;
    this.decision = decision;
    this.rows = decision.rows();
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

  /** Passes one row through the transformation step. */
  DataRow transform(DataRow row, ByteBufAllocator allocator) {
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
    long micros = (System.nanoTime() - startNanos) / 1_000;
    String action =
        decision.allowed() && sqlState == null && maskedValues > 0
            ? "mask"
            : decision.action().auditName();
    return AuditEvents.statement(
        connection,
        new StatementInfo(sql, null, null, protocol.name().toLowerCase(Locale.ROOT)),
        new DecisionInfo(action, decision.rule(), decision.reason()),
        new ResultInfo(counted ? rowCount : rowsSent, maskedValues, sqlState, error),
        micros);
  }
}
