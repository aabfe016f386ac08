package io.dbwarden.sidecar.proxy;

import io.dbwarden.api.audit.AuditEvent;
import io.dbwarden.api.audit.AuditEvent.ApprovalInfo;
import io.dbwarden.api.audit.AuditEvent.DecisionInfo;
import io.dbwarden.api.audit.AuditEvent.ResultInfo;
import io.dbwarden.api.audit.AuditEvent.StatementInfo;
import io.dbwarden.sidecar.audit.AuditEvents;
import io.dbwarden.sidecar.masking.RowTransformer;
import io.dbwarden.sidecar.pg.protocol.backend.DataRow;
import io.dbwarden.sidecar.pg.protocol.backend.NoticeResponse;
import io.dbwarden.sidecar.pg.protocol.backend.RowDescription;
import io.dbwarden.sidecar.policy.Decision;
import io.dbwarden.sidecar.policy.GrantRef;
import io.dbwarden.sidecar.policy.RowBudget;
import io.dbwarden.sidecar.policy.RowLimit;
import io.dbwarden.sidecar.policy.StatementFacts;
import io.dbwarden.sidecar.policy.StatementRequest;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One run of a statement: from the Query or Execute that started it to the message that ended it.
 * It carries the row transformation for its results and becomes audit records: one {@code intent}
 * per statement before it is sent to the database, one {@code completed} per statement after. A
 * simple Query of several statements advances statement by statement, as the server sends one
 * CommandComplete for each.
 */
final class Execution implements RowTransformer.Context {

  /** What the session records of one completed statement. */
  record Completed(
      AuditEvent event,
      String operation,
      String action,
      long proxyNanos,
      long databaseNanos,
      long maskedValues,
      long rows,
      boolean refused) {}

  private final String sql;
  private final StatementRequest.Protocol protocol;
  private final Decision decision;
  private final RowTransformer rows;
  private final List<StatementFacts> parts;
  private final long firstSeq;
  private final long receivedNanos;
  private RowBudget budget;
  private long withheldReported;
  private Map<String, String> bindParameters;
  private RowDescription description;
  private Portal portal;
  private ByteBufAllocator alloc;
  private boolean outcomeReported;
  private String firstSqlState;

  // The statement in progress.
  private int index;
  private long startNanos;
  private long forwardedNanos;
  private long transformNanos;
  private long rowCount;
  private boolean counted;
  private long rowsSent;
  private boolean sawRows;

  /** Rows returned or affected by all its statements, for the decision's outcome. */
  private long runRows;

  private long maskedValues;
  private Set<String> maskedColumns;
  private String sqlState;
  private String error;

  /**
   * @param budget the row budget this run's results draw from, or null for a fresh one per result
   *     (a portal's runs share the portal's budget)
   * @param receivedNanos when the proxy took the message that started it
   * @param firstSeq the number of its (first) statement on the connection
   */
  Execution(
      String sql,
      StatementRequest.Protocol protocol,
      Decision decision,
      RowBudget budget,
      long receivedNanos,
      long firstSeq) {
    this.sql = sql;
    this.protocol = protocol;
    this.decision = decision;
    this.rows = decision.rows();
    this.budget = budget != null ? budget : decision.budgetForResult();
    this.parts = decision.facts() == null ? List.of() : decision.facts().each();
    this.receivedNanos = receivedNanos;
    this.firstSeq = firstSeq;
    this.startNanos = receivedNanos;
  }

  /** How many statements it runs, each with its own audit records (at least one). */
  int statements() {
    return Math.max(1, parts.size());
  }

  Decision decision() {
    return decision;
  }

  RowTransformer rows() {
    return rows;
  }

  /** The result shape: as described for this run, else as described for its portal. */
  RowDescription description() {
    if (description == null && portal != null) {
      return portal.description();
    }
    return description;
  }

  void describedAs(RowDescription description) {
    this.description = description;
  }

  /**
   * Runs a portal: its description counts even when it arrives after the Execute was sent (a
   * pipelined Describe).
   */
  void runs(Portal runPortal) {
    this.portal = runPortal;
  }

  /** The values bound for an Execute, recorded when the policy includes parameters. */
  void boundWith(Map<String, String> parameters) {
    this.bindParameters = parameters;
  }

  /** The same run of the same statements, with their numbers, decided otherwise. */
  Execution decidedAs(Decision other) {
    Execution run = new Execution(sql, protocol, other, null, receivedNanos, firstSeq);
    run.boundWith(bindParameters);
    return run;
  }

  /** True when a Query of several statements is recorded statement by statement. */
  boolean perStatement() {
    return parts.size() > 1;
  }

  /** True while the statement in progress is not the last one of the Query. */
  boolean moreStatementsFollow() {
    return index < parts.size() - 1;
  }

  /**
   * Passes one row through the transformation step; returns null, having released the row, when the
   * row is past the statement's row limit.
   */
  DataRow transform(DataRow row, ByteBufAllocator allocator) {
    sawRows = true;
    if (budget != null && !budget.take()) {
      row.release();
      return null;
    }
    rowsSent++;
    if (rows == RowTransformer.IDENTITY) {
      return row;
    }
    this.alloc = allocator;
    long start = System.nanoTime();
    DataRow shown = rows.transform(description(), row, this);
    transformNanos += System.nanoTime() - start;
    return shown;
  }

  @Override
  public ByteBufAllocator alloc() {
    return alloc;
  }

  @Override
  public void masked(long values) {
    maskedValues += values;
  }

  @Override
  public int statement() {
    return index;
  }

  @Override
  public void maskedColumn(String column) {
    if (maskedColumns == null) {
      maskedColumns = new LinkedHashSet<>();
    }
    maskedColumns.add(column);
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
      runRows += commandRows;
      counted = true;
    }
    if (commandRows > 0 && !sawRows && rows != RowTransformer.IDENTITY) {
      rows.unseenRows(commandRows, this);
    }
  }

  void failed(String sqlState, String error) {
    if (this.sqlState == null) {
      this.sqlState = sqlState;
      this.error = error;
    }
    if (firstSqlState == null) {
      firstSqlState = sqlState;
    }
  }

  // ---- audit records

  /** The intent records, one per statement; marks the moment it goes to the database. */
  List<AuditEvent> intents(AuditEvents.Connection connection) {
    forwardedNanos = System.nanoTime();
    DecisionInfo decided =
        new DecisionInfo(decision.action().auditName(), decision.rule(), decision.reason());
    List<AuditEvent> intents = new ArrayList<>(statements());
    for (int i = 0; i < statements(); i++) {
      StatementFacts facts = parts.isEmpty() ? null : parts.get(i);
      intents.add(
          AuditEvents.intent(
              connection, statementInfo(i, facts), allowedBy(facts, decided), policyVersion()));
    }
    return intents;
  }

  /**
   * The request for approval of a run its decision holds for one. It covers the run as the client
   * sent it, all statements of a Query together, under the number of the first.
   */
  AuditEvent approvalRequested(AuditEvents.Connection connection) {
    return approvalEvent(connection, "requested", null);
  }

  /**
   * The approval event of a statement that ran under an approval ({@code executed}), or null when
   * it ran under none.
   */
  AuditEvent approvalExecuted(AuditEvents.Connection connection) {
    if (!decision.allowed() || decision.grant() == null) {
      return null;
    }
    return approvalEvent(connection, "executed", "Approved");
  }

  private AuditEvent approvalEvent(
      AuditEvents.Connection connection, String event, String outcome) {
    GrantRef grant = decision.grant();
    return AuditEvents.approval(
        connection,
        event,
        statementInfo(0, decision.facts()),
        new ApprovalInfo(
            grant == null ? null : grant.name(),
            grant == null ? decision.rule() : grant.rule(),
            outcome,
            grant == null ? null : grant.decidedBy()),
        policyVersion());
  }

  /** Ends the statement in progress (not the last one of its Query) and moves to the next. */
  Completed finishStatement(AuditEvents.Connection connection) {
    Completed done = completedRecord(connection, System.nanoTime());
    next();
    return done;
  }

  /**
   * Ends the run: the statement in progress and any after it that never ran. Returns their records,
   * and tells the decision's outcome how the run ended.
   */
  List<Completed> finish(AuditEvents.Connection connection) {
    List<Completed> done = new ArrayList<>();
    long now = System.nanoTime();
    String failure = sqlState;
    String failureMessage = error;
    while (index < statements()) {
      if (index > 0 && sqlState == null && failure != null) {
        // The server stops a Query at its first error: the statements after it never ran.
        if (decision.allowed()) {
          failed(failure, "not executed: an earlier statement of the same query failed");
        } else {
          failed(failure, failureMessage);
        }
      }
      done.add(completedRecord(connection, now));
      if (failure == null) {
        failure = sqlState;
        failureMessage = error;
      }
      next();
    }
    if (!outcomeReported) {
      outcomeReported = true;
      decision.outcome().ended(firstSqlState, runRows);
    }
    return done;
  }

  private void next() {
    index++;
    long now = System.nanoTime();
    startNanos = now;
    forwardedNanos = now;
    transformNanos = 0;
    rowCount = 0;
    counted = false;
    rowsSent = 0;
    sawRows = false;
    maskedValues = 0;
    maskedColumns = null;
    sqlState = null;
    error = null;
  }

  private Completed completedRecord(AuditEvents.Connection connection, long endNanos) {
    StatementFacts facts = parts.isEmpty() ? null : parts.get(Math.min(index, parts.size() - 1));
    long forwarded = forwardedNanos == 0 ? endNanos : forwardedNanos;
    long proxyNanos = Math.max(0, forwarded - startNanos) + transformNanos;
    long databaseNanos = Math.max(0, endNanos - forwarded - transformNanos);
    boolean masking =
        decision.allowed()
            && sqlState == null
            && (maskedValues > 0 || (maskedColumns != null && !maskedColumns.isEmpty()));
    String action = masking ? "mask" : decision.action().auditName();
    DecisionInfo decided =
        allowedBy(facts, new DecisionInfo(action, decision.rule(), decision.reason()));
    long resultRows = counted ? rowCount : rowsSent;
    AuditEvent event =
        AuditEvents.completed(
            connection,
            statementInfo(index, facts),
            decided,
            new ResultInfo(
                resultRows,
                maskedValues,
                maskedColumns == null ? null : List.copyOf(maskedColumns),
                sqlState,
                error,
                null,
                null),
            proxyNanos / 1_000,
            databaseNanos / 1_000,
            policyVersion());
    String operation =
        facts == null || facts.operation() == null ? "unknown" : firstOperation(facts);
    return new Completed(
        event,
        operation,
        action,
        proxyNanos,
        databaseNanos,
        maskedValues,
        resultRows,
        !decision.allowed());
  }

  /** An allowed statement of a Query names the rule that allowed that statement. */
  private static DecisionInfo allowedBy(StatementFacts facts, DecisionInfo decided) {
    if (facts == null
        || facts.rule() == null
        || !decided.action().equals("allow") && !decided.action().equals("mask")) {
      return decided;
    }
    return new DecisionInfo(decided.action(), facts.rule(), decided.reason());
  }

  private static String firstOperation(StatementFacts facts) {
    String operation = facts.operation();
    int comma = operation.indexOf(',');
    return comma < 0 ? operation : operation.substring(0, comma);
  }

  private StatementInfo statementInfo(int i, StatementFacts facts) {
    String path = protocol.name().toLowerCase(Locale.ROOT);
    long seq = firstSeq + i;
    if (facts == null) {
      return new StatementInfo(
          seq, sql, null, null, path, null, null, null, null, null, bindParameters);
    }
    return new StatementInfo(
        seq,
        facts.text(),
        facts.fingerprint(),
        facts.operation(),
        path,
        facts.tablesRead(),
        facts.tablesWritten(),
        facts.columnsRead(),
        facts.columnsWritten(),
        facts.lineage(),
        parameters(facts));
  }

  /** Bind values first ($1..), then the literals, numbered after them. */
  private Map<String, String> parameters(StatementFacts facts) {
    if (facts.parameters() == null) {
      return null;
    }
    if (bindParameters == null || bindParameters.isEmpty()) {
      return facts.parameters();
    }
    Map<String, String> all = new LinkedHashMap<>(bindParameters);
    all.putAll(facts.parameters());
    return all;
  }

  private String policyVersion() {
    return decision.facts() == null ? null : decision.facts().policyVersion();
  }
}
