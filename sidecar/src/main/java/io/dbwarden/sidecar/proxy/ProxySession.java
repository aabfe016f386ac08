package io.dbwarden.sidecar.proxy;

import io.dbwarden.api.audit.AuditEvent;
import io.dbwarden.sidecar.audit.AuditEvents;
import io.dbwarden.sidecar.audit.AuditGuard;
import io.dbwarden.sidecar.identity.Identity;
import io.dbwarden.sidecar.pg.protocol.CopyData;
import io.dbwarden.sidecar.pg.protocol.CopyDone;
import io.dbwarden.sidecar.pg.protocol.TransactionStatus;
import io.dbwarden.sidecar.pg.protocol.backend.BackendMessage;
import io.dbwarden.sidecar.pg.protocol.backend.CommandComplete;
import io.dbwarden.sidecar.pg.protocol.backend.DataRow;
import io.dbwarden.sidecar.pg.protocol.backend.EmptyQueryResponse;
import io.dbwarden.sidecar.pg.protocol.backend.ErrorResponse;
import io.dbwarden.sidecar.pg.protocol.backend.NoData;
import io.dbwarden.sidecar.pg.protocol.backend.NoticeResponse;
import io.dbwarden.sidecar.pg.protocol.backend.ParameterStatus;
import io.dbwarden.sidecar.pg.protocol.backend.PortalSuspended;
import io.dbwarden.sidecar.pg.protocol.backend.ReadyForQuery;
import io.dbwarden.sidecar.pg.protocol.backend.RowDescription;
import io.dbwarden.sidecar.pg.protocol.frontend.Bind;
import io.dbwarden.sidecar.pg.protocol.frontend.Close;
import io.dbwarden.sidecar.pg.protocol.frontend.CopyFail;
import io.dbwarden.sidecar.pg.protocol.frontend.Describe;
import io.dbwarden.sidecar.pg.protocol.frontend.Execute;
import io.dbwarden.sidecar.pg.protocol.frontend.Flush;
import io.dbwarden.sidecar.pg.protocol.frontend.FrontendMessage;
import io.dbwarden.sidecar.pg.protocol.frontend.FunctionCall;
import io.dbwarden.sidecar.pg.protocol.frontend.Parse;
import io.dbwarden.sidecar.pg.protocol.frontend.Query;
import io.dbwarden.sidecar.pg.protocol.frontend.Sync;
import io.dbwarden.sidecar.pg.protocol.frontend.Terminate;
import io.dbwarden.sidecar.policy.Decision;
import io.dbwarden.sidecar.policy.ExecuteCheck;
import io.dbwarden.sidecar.policy.RowBudget;
import io.dbwarden.sidecar.policy.StatementRequest;
import io.dbwarden.sidecar.policy.StatementRequest.Protocol;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One client connection after startup, and its database connection: the relay between them with the
 * decision step on the way in and the row transformation on the way out.
 *
 * <p>Both channels run on the same event loop, so this state is only ever touched by one thread.
 * Requests and responses are matched in order through {@link PendingResponse}s, which is how a
 * statement's rows reach its transformer, how the proxy's own refusals are slotted between the
 * database's responses, and how each statement becomes one audit record.
 */
final class ProxySession implements SessionInfo {

  private static final System.Logger LOG = System.getLogger(ProxySession.class.getName());

  /**
   * Sent to the database in place of a refused statement: it cannot parse, so the database fails it
   * without running anything, and the name says in the server's log who replaced it.
   */
  private static final String REFUSED_SQL = "dbwarden_refused_statement";

  /** The rule of refusals by the audit gate (strict mode, sink failing). */
  static final String AUDIT_RULE = "audit-unavailable";

  private final ProxyContext context;
  private final Channel client;
  private final Channel upstream;
  private final CancelKey clientKey;
  private final Map<String, String> serverParameters;
  private final long connectedNanos = System.nanoTime();
  private AuditEvents.Connection audit;
  private TransactionStatus status;

  private final ArrayDeque<FrontendMessage> backlog = new ArrayDeque<>();
  private final ArrayDeque<PendingResponse> pending = new ArrayDeque<>();
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private final Map<String, Portal> portals = new HashMap<>();
  private final Map<Class<?>, Object> state = new HashMap<>();
  private boolean held;

  /** While the server skips the rest of a failed pipeline to Sync, what it skips; else null. */
  private SkippedPipeline skipping;

  private boolean closed;
  private long statementCount;
  private long refusedCount;
  private long rowCount;
  private long lastSeq;

  ProxySession(
      ProxyContext context,
      Channel client,
      Channel upstream,
      CancelKey clientKey,
      AuditEvents.Connection audit,
      UpstreamHandshake handshake) {
    this.context = context;
    this.client = client;
    this.upstream = upstream;
    this.clientKey = clientKey;
    this.audit = audit;
    this.serverParameters = new HashMap<>(handshake.parameters());
    this.status = handshake.transactionStatus();
    context.metrics().sessionOpened();
  }

  // ---- SessionInfo

  @Override
  public String sessionId() {
    return audit.session();
  }

  @Override
  public Identity identity() {
    return audit.identity();
  }

  @Override
  public String database() {
    return audit.database();
  }

  @Override
  public String applicationName() {
    return serverParameters.getOrDefault("application_name", audit.application());
  }

  @Override
  public String serverParameter(String name) {
    return serverParameters.get(name);
  }

  @Override
  public TransactionStatus transactionStatus() {
    return status;
  }

  @Override
  public <T> T state(Class<T> type, Supplier<T> initial) {
    return type.cast(state.computeIfAbsent(type, t -> initial.get()));
  }

  // ---- client to database

  /** Takes one message from the client; called in arrival order. */
  void onClientMessage(FrontendMessage msg) {
    if (held) {
      backlog.add(msg);
    } else {
      handleClientMessage(msg);
    }
  }

  /** The client's read burst is over: push what was written to both sides. */
  void clientReadComplete() {
    upstream.flush();
  }

  private void handleClientMessage(FrontendMessage msg) {
    long received = System.nanoTime();
    if (msg instanceof Query query) {
      decide(
          query,
          new StatementRequest(query.sql(), Protocol.SIMPLE),
          decision -> forwardQuery(query, decision, received));
    } else if (msg instanceof Parse parse) {
      decide(
          parse,
          new StatementRequest(parse.sql(), Protocol.EXTENDED),
          decision -> forwardParse(parse, decision, received));
    } else if (msg instanceof Bind bind) {
      forwardBind(bind);
    } else if (msg instanceof Execute execute) {
      forwardExecute(execute, received);
    } else if (msg instanceof Describe describe) {
      forwardDescribe(describe);
    } else if (msg instanceof Close close) {
      forwardClose(close);
    } else if (msg instanceof Sync) {
      skipping = null;
      forward(msg, PendingResponse.of(PendingResponse.Kind.SYNC));
    } else if (msg instanceof Flush) {
      upstream.writeAndFlush(msg);
    } else if (msg instanceof CopyData || msg instanceof CopyDone || msg instanceof CopyFail) {
      upstream.write(msg);
    } else if (msg instanceof FunctionCall call) {
      decide(
          call,
          new StatementRequest(
              "-- function call, oid " + call.functionOid(), Protocol.FUNCTION_CALL),
          decision -> forwardFunctionCall(call, decision, received));
    } else if (msg instanceof Terminate) {
      // Closing the client ends the database connection too, with its own Terminate.
      client.close();
    } else {
      ReferenceCountUtil.release(msg);
      throw new ProtocolStateException("unexpected message after startup: " + msg);
    }
  }

  /**
   * Runs the decision step. A decision that is ready now is applied now; otherwise the connection
   * holds this and every later message, stops reading, and resumes in order once it completes.
   */
  private void decide(FrontendMessage msg, StatementRequest request, Consumer<Decision> then) {
    CompletableFuture<Decision> decision;
    try {
      decision = context.decider().decide(this, request).toCompletableFuture();
    } catch (RuntimeException e) {
      decision = CompletableFuture.failedFuture(e);
    }
    applyWhenDecided(msg, decision, then);
  }

  /**
   * Applies a decision that is ready now at once; otherwise holds this and every later message,
   * stops reading, and resumes in order once it completes.
   */
  private void applyWhenDecided(
      FrontendMessage msg, CompletableFuture<Decision> decision, Consumer<Decision> then) {
    if (decision.isDone()) {
      then.accept(outcome(decision));
      return;
    }
    held = true;
    updateClientReading();
    decision.whenComplete(
        (d, e) ->
            client
                .eventLoop()
                .execute(
                    () -> {
                      held = false;
                      if (closed) {
                        ReferenceCountUtil.release(msg);
                        return;
                      }
                      then.accept(outcome(decision));
                      while (!held && !backlog.isEmpty()) {
                        handleClientMessage(backlog.poll());
                      }
                      clientReadComplete();
                      updateClientReading();
                    }));
  }

  /** Fail closed: a decision step that failed is a denial. */
  private static Decision outcome(CompletableFuture<Decision> decision) {
    try {
      return decision.join();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "decision step failed", e);
      return Decision.deny(
          "decision-error", "dbwarden: the statement could not be judged, so it was not run");
    }
  }

  /**
   * Starts a statement run: audit before effect. In strict mode a statement is refused instead when
   * the audit sink is failing, or when its intent record is not accepted; otherwise the intent
   * records are in the sink's queue, in order, before the statement is written upstream.
   */
  private Execution start(Execution planned) {
    AuditGuard guard = context.auditGuard();
    Execution execution = planned;
    if (execution.decision().allowed()) {
      String failing = guard.blocked();
      if (failing != null) {
        execution = execution.decidedAs(auditUnavailable(execution.decision(), failing));
      }
    }
    if (!recordIntents(execution) && execution.decision().allowed() && guard.strict()) {
      execution = execution.decidedAs(auditUnavailable(execution.decision(), "its queue is full"));
      recordIntents(execution);
    }
    if (execution.decision().action() == Decision.Action.APPROVAL_REQUIRED) {
      requestApproval(execution);
    }
    return execution;
  }

  /**
   * A statement needs a person's approval: it is refused (the refusal names the request), and the
   * request is recorded; the decision is recorded where it is made, the run under an approval when
   * it completes.
   */
  private void requestApproval(Execution execution) {
    context.audit().record(execution.approvalRequested(audit));
  }

  /** A statement run, with the next numbers on the connection. */
  private Execution execution(
      String sql,
      Protocol protocol,
      Decision decision,
      RowBudget budget,
      Map<String, String> bound,
      long received) {
    Execution execution = new Execution(sql, protocol, decision, budget, received, lastSeq + 1);
    lastSeq += execution.statements();
    if (bound != null) {
      execution.boundWith(bound);
    }
    return execution;
  }

  /**
   * A statement inside a pipeline the server skips: nothing goes upstream, so there is no intent
   * record; its completed record, not executed, comes when the server ends the pipeline.
   */
  private void skip(Execution execution) {
    execution.skipped(skipping.sqlState());
    pending.add(PendingResponse.execution(PendingResponse.Kind.SKIPPED, execution));
  }

  private boolean recordIntents(Execution execution) {
    boolean accepted = true;
    for (AuditEvent intent : execution.intents(audit)) {
      accepted &= context.audit().record(intent);
    }
    return accepted;
  }

  private Decision auditUnavailable(Decision decision, String why) {
    context.metrics().auditRefusal();
    return Decision.deny(
            AUDIT_RULE,
            "dbwarden: the audit sink cannot write ("
                + why
                + "), so statements are refused until it recovers (audit mode strict); try again"
                + " shortly")
        .withFacts(decision.facts());
  }

  private void forwardQuery(Query query, Decision decision, long received) {
    Execution execution = execution(query.sql(), Protocol.SIMPLE, decision, null, null, received);
    if (skipping != null) {
      skip(execution);
      return;
    }
    execution = start(execution);
    if (execution.decision().allowed()) {
      // Masking at the source: the database gets the rewritten text, the audit the client's.
      Query sent = decision.rewrite() == null ? query : new Query(decision.rewrite());
      forward(sent, PendingResponse.execution(PendingResponse.Kind.QUERY, execution));
    } else {
      refuse(new Query(REFUSED_SQL), PendingResponse.Kind.QUERY, execution, execution.decision());
    }
  }

  private void forwardParse(Parse parse, Decision decision, long received) {
    if (skipping != null) {
      skipping.parsed(parse.name(), new PreparedStatement(parse.sql(), decision));
      return;
    }
    if (decision.allowed()) {
      statements.put(parse.name(), new PreparedStatement(parse.sql(), decision));
      Parse sent =
          decision.rewrite() == null
              ? parse
              : new Parse(parse.name(), decision.rewrite(), parse.parameterTypes());
      forward(sent, PendingResponse.of(PendingResponse.Kind.PARSE));
    } else {
      statements.remove(parse.name());
      refuse(
          new Parse(parse.name(), REFUSED_SQL, new int[0]),
          PendingResponse.Kind.PARSE,
          start(execution(parse.sql(), Protocol.EXTENDED, decision, null, null, received)),
          decision);
    }
  }

  private void forwardBind(Bind bind) {
    PreparedStatement statement =
        skipping == null
            ? statements.get(bind.statement())
            : skipping.statement(bind.statement(), statements);
    Portal portal =
        new Portal(
            statement,
            statement == null ? null : statement.decision().budgetForResult(),
            bind.resultFormats());
    if (statement != null
        && statement.decision().facts() != null
        && statement.decision().facts().parameters() != null) {
      portal.parameters(BoundValues.of(bind));
    }
    if (statement != null && statement.decision().executeCheck() != null) {
      portal.boundValues(BoundValues.exact(bind));
    }
    if (skipping != null) {
      skipping.bound(bind.portal(), portal);
      bind.release();
      return;
    }
    portals.put(bind.portal(), portal);
    forward(bind, PendingResponse.of(PendingResponse.Kind.BIND));
  }

  private void forwardExecute(Execute execute, long received) {
    Portal portal =
        skipping == null
            ? portals.get(execute.portal())
            : skipping.portal(execute.portal(), portals);
    PreparedStatement statement = portal == null ? null : portal.statement();
    if (skipping != null && statement == null) {
      // Nothing to record: the statement was refused at its Parse, which has its records, or it
      // was never prepared.
      return;
    }
    ExecuteCheck check =
        skipping != null || statement == null ? null : statement.decision().executeCheck();
    if (check == null) {
      runExecute(execute, portal, statement == null ? null : statement.decision(), received);
      return;
    }
    CompletableFuture<Decision> checked;
    try {
      checked = check.check(statement.decision(), portal.boundValues());
    } catch (RuntimeException e) {
      checked = CompletableFuture.failedFuture(e);
    }
    applyWhenDecided(execute, checked, decision -> runExecute(execute, portal, decision, received));
  }

  /**
   * @param decision what this Execute runs under: its statement's decision, or what the statement's
   *     check made of it; null when the client bound a statement the proxy never saw prepared
   */
  private void runExecute(Execute execute, Portal portal, Decision decision, long received) {
    PreparedStatement statement = portal == null ? null : portal.statement();
    Execution execution =
        statement == null
            ? execution(null, Protocol.EXTENDED, Decision.allow(), null, null, received)
            : execution(
                statement.sql(),
                Protocol.EXTENDED,
                decision,
                portal.budget(),
                portal.parameters(),
                received);
    if (skipping != null) {
      skip(execution);
      return;
    }
    execution = start(execution);
    if (portal != null) {
      execution.runs(portal);
    }
    if (execution.decision().allowed()) {
      forward(execute, PendingResponse.execution(PendingResponse.Kind.EXECUTE, execution));
    } else {
      // Refused at Execute (the audit gate, an approval for these values): a Parse that fails in
      // its place makes the server skip to Sync, as after any error, and runs nothing.
      refuse(
          new Parse(REFUSED_SQL, REFUSED_SQL, new int[0]),
          PendingResponse.Kind.EXECUTE,
          execution,
          execution.decision());
    }
  }

  private void forwardDescribe(Describe describe) {
    if (skipping != null) {
      return;
    }
    Object target =
        describe.kind() == 'S' ? statements.get(describe.name()) : portals.get(describe.name());
    forward(describe, PendingResponse.describe(target));
  }

  private void forwardClose(Close close) {
    if (skipping != null) {
      return;
    }
    if (close.kind() == 'S') {
      statements.remove(close.name());
    } else {
      portals.remove(close.name());
    }
    forward(close, PendingResponse.of(PendingResponse.Kind.CLOSE));
  }

  private void forwardFunctionCall(FunctionCall call, Decision decision, long received) {
    Execution execution =
        execution(
            "-- function call, oid " + call.functionOid(),
            Protocol.FUNCTION_CALL,
            decision,
            null,
            null,
            received);
    if (skipping != null) {
      call.release();
      skip(execution);
      return;
    }
    execution = start(execution);
    decision = execution.decision();
    if (decision.allowed()) {
      forward(call, PendingResponse.execution(PendingResponse.Kind.FUNCTION_CALL, execution));
    } else {
      call.release();
      refuse(new Query(REFUSED_SQL), PendingResponse.Kind.QUERY, execution, decision);
    }
  }

  private void forward(FrontendMessage msg, PendingResponse response) {
    pending.add(response);
    upstream.write(msg);
  }

  /**
   * Refuses a statement by sending the database, in its place, a statement that fails to parse, and
   * showing the client the refusal instead of the database's syntax error. The database thus goes
   * through exactly the error recovery the client expects from a refused statement: a transaction
   * block is aborted, the rest of a pipeline is skipped up to Sync, and an implicit transaction
   * that ran earlier statements of the same pipeline is rolled back.
   */
  private void refuse(
      FrontendMessage substitute,
      PendingResponse.Kind kind,
      Execution execution,
      Decision decision) {
    String code =
        AUDIT_RULE.equals(decision.rule())
            ? SqlStates.AUDIT_UNAVAILABLE
            : SqlStates.INSUFFICIENT_PRIVILEGE;
    ErrorResponse error = ErrorResponse.of("ERROR", code, decision.reason());
    execution.failed(code, decision.reason());
    PendingResponse response = PendingResponse.refusal(kind, execution, error);
    if (!response.endsWithReadyForQuery()) {
      // The server will skip the rest of the pipeline: skip it here from now on, not only once
      // the substitute's error is back.
      skipping = new SkippedPipeline(code);
    }
    forward(substitute, response);
  }

  // ---- database to client

  /** Takes one message from the database; called in arrival order. */
  void onServerMessage(BackendMessage msg) {
    if (msg instanceof DataRow row) {
      Execution execution = currentExecution();
      DataRow shown = execution == null ? row : execution.transform(row, client.alloc());
      if (shown != null) {
        client.write(shown);
      }
    } else if (msg instanceof RowDescription description) {
      client.write(onRowDescription(description));
    } else if (msg instanceof CommandComplete complete) {
      client.write(onCommandComplete(complete));
    } else if (msg instanceof EmptyQueryResponse) {
      onCompletion(-1, true);
      client.write(msg);
    } else if (msg instanceof PortalSuspended) {
      onCompletion(-1, false);
      client.write(msg);
    } else if (msg instanceof ReadyForQuery ready) {
      status = ready.transactionStatus();
      PendingResponse head = pending.poll();
      // Statements of a pipeline the server skipped end with its Sync.
      while (head != null && head.kind() == PendingResponse.Kind.SKIPPED) {
        complete(head.execution());
        head = pending.poll();
      }
      if (head != null && head.execution() != null) {
        complete(head.execution());
      }
      client.write(msg);
      terminateIfDrainedAndIdle();
    } else if (msg instanceof ErrorResponse error) {
      client.write(onError(error));
    } else if (msg instanceof ParameterStatus parameter) {
      serverParameters.put(parameter.name(), parameter.value());
      if ("application_name".equals(parameter.name())) {
        // Records name the application as it names itself now (drivers often SET it).
        audit = audit.withStartup(parameter.value(), audit.database());
      }
      client.write(msg);
      if ("client_encoding".equals(parameter.name())) {
        String refusal = ClientEncoding.refusal(parameter.value());
        if (refusal != null) {
          Connections.fatal(client, SqlStates.FEATURE_NOT_SUPPORTED, refusal);
        }
      }
    } else if (msg instanceof NoData) {
      popIf(PendingResponse.Kind.DESCRIBE);
      client.write(msg);
    } else if (isSimpleCompletion(msg)) {
      pending.poll();
      client.write(msg);
    } else {
      // Notices, notifications, ParameterDescription, COPY responses and data, FunctionCall
      // results: passed on unchanged.
      client.write(msg);
    }
  }

  /** The database's read burst is over. */
  void serverReadComplete() {
    client.flush();
  }

  private static boolean isSimpleCompletion(BackendMessage msg) {
    return msg instanceof io.dbwarden.sidecar.pg.protocol.backend.ParseComplete
        || msg instanceof io.dbwarden.sidecar.pg.protocol.backend.BindComplete
        || msg instanceof io.dbwarden.sidecar.pg.protocol.backend.CloseComplete;
  }

  private RowDescription onRowDescription(RowDescription description) {
    PendingResponse head = pending.peek();
    if (head != null && head.kind() == PendingResponse.Kind.DESCRIBE) {
      pending.poll();
      if (head.describeTarget() instanceof PreparedStatement statement) {
        statement.describedAs(description);
        return statement.decision().rows().describe(description);
      }
      if (head.describeTarget() instanceof Portal portal) {
        portal.describedAs(description);
        return portal.statement() == null
            ? description
            : portal.statement().decision().rows().describe(description);
      }
      return description;
    }
    Execution execution = currentExecution();
    if (execution == null) {
      return description;
    }
    execution.describedAs(description);
    return execution.rows().describe(description);
  }

  /**
   * A result ended. When the row limit held rows back, the client learns it from a notice, and the
   * tag of a SELECT or FETCH counts the rows it actually received.
   */
  private CommandComplete onCommandComplete(CommandComplete complete) {
    Execution execution = currentExecution();
    long rows = complete.rows();
    if (execution == null) {
      return complete;
    }
    long withheld = execution.withheldInResult();
    NoticeResponse notice =
        execution.endOfResult(pending.peek().kind() == PendingResponse.Kind.QUERY);
    CommandComplete shown = complete;
    if (notice != null) {
      client.write(notice);
      String command = complete.command();
      if (rows >= 0 && (command.equals("SELECT") || command.equals("FETCH"))) {
        rows -= withheld;
        shown = new CommandComplete(command + " " + rows);
      }
    }
    onCompletion(rows, true);
    return shown;
  }

  private void onCompletion(long rows, boolean finished) {
    PendingResponse head = pending.peek();
    if (head == null || head.execution() == null) {
      return;
    }
    Execution execution = head.execution();
    execution.completed(rows);
    if (head.kind() == PendingResponse.Kind.EXECUTE) {
      pending.poll();
      complete(execution);
    } else if (finished) {
      if (execution.perStatement() && execution.moreStatementsFollow()) {
        // One record per statement of a Query: this one is done, the next one starts.
        recordCompleted(execution.finishStatement(audit));
      }
      // The next statement of a multi-statement Query describes its own rows.
      execution.describedAs(null);
    }
  }

  /**
   * An error ends the current statement. In the extended protocol the server then skips every
   * message up to Sync, so the responses owed for them will never come; and when the client's Sync
   * is not here yet, what it sends until then is skipped here too.
   */
  private ErrorResponse onError(ErrorResponse error) {
    PendingResponse head = pending.peek();
    if (head == null) {
      return error;
    }
    ErrorResponse shown = head.refusal() != null ? head.refusal() : error;
    if (head.execution() != null) {
      head.execution().failed(error.code(), error.message());
    }
    if (head.endsWithReadyForQuery()) {
      return shown;
    }
    while (!pending.isEmpty() && pending.peek().kind() != PendingResponse.Kind.SYNC) {
      Execution skipped = pending.poll().execution();
      if (skipped != null) {
        if (skipped != head.execution()) {
          skipped.skipped(shown.code());
        }
        complete(skipped);
      }
    }
    if (pending.isEmpty() && skipping == null) {
      skipping = new SkippedPipeline(shown.code());
    }
    return shown;
  }

  private Execution currentExecution() {
    PendingResponse head = pending.peek();
    return head == null ? null : head.execution();
  }

  private void popIf(PendingResponse.Kind kind) {
    PendingResponse head = pending.peek();
    if (head != null && head.kind() == kind) {
      pending.poll();
    }
  }

  private void complete(Execution execution) {
    for (Execution.Completed done : execution.finish(audit)) {
      recordCompleted(done);
    }
    AuditEvent approved = execution.approvalExecuted(audit);
    if (approved != null) {
      context.audit().record(approved);
    }
  }

  private void recordCompleted(Execution.Completed done) {
    statementCount++;
    if (done.refused()) {
      refusedCount++;
    }
    rowCount += done.rows();
    context.audit().record(done.event());
    context
        .metrics()
        .statement(
            done.operation(),
            done.action(),
            done.proxyNanos(),
            done.databaseNanos(),
            done.maskedValues());
  }

  // ---- flow control and lifecycle

  /** Reads from the client only while the database side keeps up and no decision is pending. */
  void updateClientReading() {
    client.config().setAutoRead(!held && upstream.isWritable());
  }

  /** Reads from the database only while the client keeps up: rows stream, never pile up. */
  void updateUpstreamReading() {
    upstream.config().setAutoRead(client.isWritable());
  }

  /** True between statements: nothing owed to the client and nothing held back. */
  boolean idle() {
    return pending.isEmpty() && backlog.isEmpty() && !held;
  }

  /**
   * Graceful shutdown: ends the connection now if idle, else as soon as it becomes idle. Callable
   * from any thread.
   */
  void drain() {
    client.eventLoop().execute(this::terminateIfDrainedAndIdle);
  }

  /** The grace period is over: ends the connection whatever it is doing. */
  void terminate() {
    client
        .eventLoop()
        .execute(
            () ->
                Connections.fatal(
                    client,
                    SqlStates.ADMIN_SHUTDOWN,
                    "terminating connection due to administrator command"));
  }

  private void terminateIfDrainedAndIdle() {
    if (context.draining() && idle() && client.isActive()) {
      Connections.fatal(
          client, SqlStates.ADMIN_SHUTDOWN, "terminating connection due to administrator command");
    }
  }

  /** The client may be idle-timed out only between statements, not during a long query. */
  void onIdleTimeout() {
    if (idle()) {
      Connections.fatal(
          client,
          SqlStates.IDLE_SESSION_TIMEOUT,
          "terminating connection due to idle-session timeout");
    }
  }

  /** The database connection is gone: the client learns it at once, never waits. */
  void upstreamLost() {
    if (!closed && client.isActive()) {
      for (PendingResponse response : pending) {
        if (response.execution() != null) {
          response.execution().failed(SqlStates.CONNECTION_FAILURE, "connection to database lost");
          complete(response.execution());
        }
      }
      pending.clear();
      Connections.fatal(
          client,
          SqlStates.CONNECTION_FAILURE,
          "dbwarden: the connection to the database was lost; reconnect to continue");
    }
  }

  /** The client connection closed: release everything held for it. */
  void clientClosed() {
    if (closed) {
      return;
    }
    closed = true;
    backlog.forEach(ReferenceCountUtil::release);
    backlog.clear();
    context.cancelRegistry().unregister(clientKey);
    context.sessions().remove(this);
    if (upstream.isActive()) {
      upstream.writeAndFlush(Terminate.INSTANCE).addListener(ChannelFutureListener.CLOSE);
    }
    long micros = (System.nanoTime() - connectedNanos) / 1_000;
    context.metrics().sessionClosed();
    context
        .audit()
        .record(AuditEvents.closed(audit, statementCount, refusedCount, rowCount, micros));
  }
}
