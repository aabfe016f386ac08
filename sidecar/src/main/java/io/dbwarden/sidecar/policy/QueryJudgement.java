package io.dbwarden.sidecar.policy;

import io.dbwarden.api.policy.Operation;
import io.dbwarden.sidecar.approval.ApprovalGate;
import io.dbwarden.sidecar.approval.ApprovalReasons;
import io.dbwarden.sidecar.approval.ApprovalRequest;
import io.dbwarden.sidecar.approval.Grant;
import io.dbwarden.sidecar.approval.GrantPhase;
import io.dbwarden.sidecar.catalog.CatalogService;
import io.dbwarden.sidecar.catalog.CatalogService.DatabaseCatalog;
import io.dbwarden.sidecar.masking.MaskingRewriter;
import io.dbwarden.sidecar.masking.ProtectedResult;
import io.dbwarden.sidecar.masking.TableMask;
import io.dbwarden.sidecar.proxy.SessionInfo;
import io.dbwarden.sidecar.sql.analysis.AnalysisCache;
import io.dbwarden.sidecar.sql.analysis.AnalysisException;
import io.dbwarden.sidecar.sql.analysis.AnalysisScope;
import io.dbwarden.sidecar.sql.analysis.Feature;
import io.dbwarden.sidecar.sql.analysis.OutputColumn;
import io.dbwarden.sidecar.sql.analysis.StatementAnalysis;
import io.dbwarden.sidecar.sql.analysis.TableRef;
import io.dbwarden.sidecar.sql.lexer.LexedStatement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Judges the statements of one Query (or one Parse) in order. Each statement is judged under the
 * session state the statements before it leave behind (a {@code SET search_path} or a {@code
 * PREPARE} earlier in the same Query counts), and the first refusal refuses the whole Query, which
 * is then never sent, so nothing of it runs.
 *
 * <p>When every analysis is cached, the whole judgement completes on the caller's thread.
 */
final class QueryJudgement {

  private static final Set<Operation> CATALOG_CHANGES =
      EnumSet.of(Operation.CREATE, Operation.ALTER, Operation.DROP);

  private final PolicyJudges judges;
  private final AnalysisCache analyses;
  private final CatalogService catalogs;
  private final SessionInfo session;
  private final PolicySession state;
  private final DatabaseCatalog database;
  private final List<LexedStatement> statements;
  private final QueryFacts facts;
  private RowLimit limit;
  private RowBudget cursorBudget;
  private boolean changesCatalog;
  private final String sql;
  private final MaskingStep masking;
  private final ApprovalGate gate;

  /**
   * What holds the statement being judged for approval, or null.
   *
   * @param decision the approval-required decision
   * @param policy the policy whose rule holds it: its approvers decide
   * @param analysis the statement's analysis
   */
  private record Held(Decision decision, CompiledPolicy policy, StatementAnalysis analysis) {}

  private Held held;

  /** Over the extended protocol: what each Execute must pass (an approval), or null. */
  private ExecuteCheck executeCheck;

  private final boolean extended;

  /** The approval a statement of the query runs under, or null. */
  private GrantRef approved;

  /** What to do once the query ran. */
  private Decision.Outcome outcome = Decision.Outcome.IGNORED;

  private final List<String> texts = new ArrayList<>();

  /** The protected tables the query touches, for the response-side step. */
  private final Map<TableRef, TableMask> touchedMasks = new LinkedHashMap<>();

  /** Per statement, the lineage of its result, for counting masked values. */
  private final List<List<OutputColumn>> lineage = new ArrayList<>();

  QueryJudgement(
      PolicyJudges judges,
      AnalysisCache analyses,
      CatalogService catalogs,
      SessionInfo session,
      PolicySession state,
      DatabaseCatalog database,
      List<LexedStatement> statements,
      QueryFacts facts,
      String sql,
      boolean extended,
      ApprovalGate gate) {
    this.judges = judges;
    this.extended = extended;
    this.gate = gate;
    this.analyses = analyses;
    this.catalogs = catalogs;
    this.session = session;
    this.state = state;
    this.database = database;
    this.statements = statements;
    this.facts = facts;
    this.sql = sql;
    MaskingUnion rules = judges.policies().masking(session.identity());
    this.masking =
        rules != null
            ? new MaskingStep(
                rules,
                catalogs.classifier(),
                session.database(),
                database.catalog(),
                () -> catalogs.refresh(session.database()))
            : null;
  }

  CompletableFuture<Decision> run() {
    state.start(database.defaultSearchPath());
    return next(0);
  }

  private CompletableFuture<Decision> next(int index) {
    if (index == statements.size()) {
      return CompletableFuture.completedFuture(allowed());
    }
    LexedStatement statement = statements.get(index);
    List<CompletableFuture<StatementAnalysis>> pending = new ArrayList<>();
    for (AnalysisScope scope : state.scopes(database.catalog())) {
      pending.add(analyses.analysis(statement.normalized(), statement.text(), scope));
    }
    return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
        .handle((done, failure) -> failure)
        .thenCompose(
            failure -> {
              if (failure != null) {
                return CompletableFuture.completedFuture(notAnalysed(failure));
              }
              List<StatementAnalysis> analysed =
                  pending.stream().map(CompletableFuture::join).toList();
              if (masking == null) {
                return CompletableFuture.completedFuture(
                    judge(index, statement, analysed, Map.of()));
              }
              List<StatementAnalysis> all = new ArrayList<>(analysed);
              StatementAnalysis first = analysed.get(0);
              if (first.operation() == Operation.EXECUTE
                  && state.prepared(first.preparedName()) != null) {
                all.addAll(state.prepared(first.preparedName()));
              }
              return masking
                  .masks(all)
                  .thenApply(masks -> judge(index, statement, analysed, masks));
            })
        .thenCompose(
            refusal -> {
              if (refusal != null) {
                return CompletableFuture.completedFuture(refusal.withFacts(facts.facts()));
              }
              return held == null ? next(index + 1) : approval(index, statement);
            });
  }

  /**
   * A statement held for approval runs under an approved grant, or the query is refused. Over the
   * extended protocol the grant is looked for at each Execute, where the bound values are known.
   */
  private CompletableFuture<Decision> approval(int index, LexedStatement statement) {
    Decision holding = held.decision();
    CompiledPolicy holder = held.policy();
    StatementAnalysis analysis = held.analysis();
    held = null;
    StatementFacts learned = facts.facts().each().get(index);
    List<String> tables = new ArrayList<>(learned.tablesWritten());
    learned.tablesRead().stream().filter(t -> !tables.contains(t)).forEach(tables::add);
    ApprovalPolicy approvals = holder.approvals();
    Function<List<String>, ApprovalRequest> request =
        bound -> {
          List<String> values = new ArrayList<>(statement.literals());
          values.addAll(bound);
          return new ApprovalRequest(
              session.identity(),
              session.database(),
              holder.name(),
              holding.rule(),
              statement.fingerprint(),
              values,
              statement.redacted(),
              tables,
              ApprovalReasons.of(statement),
              approvals.ttl(),
              statement.text(),
              bound,
              learned.operation());
        };
    if (extended) {
      executeCheck =
          (prepared, bound) ->
              gate.check(request.apply(bound), approvals.holdFor())
                  .thenApply(
                      verdict -> {
                        if (verdict.granted()) {
                          return prepared
                              .withExecuteCheck(null)
                              .withOutcome(prepared.outcome().andThen(executed(verdict)))
                              .withGrant(approvedBy(verdict));
                        }
                        if (bound.isEmpty()) {
                          // values in the text: the statement can be explained as it stands
                          estimateRows(verdict.grant(), statement, analysis);
                        }
                        return approvalRefused(holding, verdict).withFacts(prepared.facts());
                      });
      return next(index + 1);
    }
    return gate.check(request.apply(List.of()), approvals.holdFor())
        .thenCompose(
            verdict -> {
              if (!verdict.granted()) {
                estimateRows(verdict.grant(), statement, analysis);
                return CompletableFuture.completedFuture(
                    approvalRefused(holding, verdict).withFacts(facts.facts()));
              }
              outcome = outcome.andThen(executed(verdict));
              approved = approvedBy(verdict);
              return next(index + 1);
            });
  }

  /**
   * Has the planner estimate a new request's rows for the approver, in the background. Only for a
   * statement that calls no function: planning can evaluate functions, and nothing the client chose
   * may run before the approval.
   */
  private void estimateRows(Grant grant, LexedStatement statement, StatementAnalysis analysis) {
    if (grant == null
        || grant.phase() != GrantPhase.PENDING
        || grant.estimatedRows() != null
        || !analysis.functions().isEmpty()
        || (analysis.inner() != null && !analysis.inner().functions().isEmpty())) {
      return;
    }
    catalogs
        .estimator()
        .estimate(session.database(), statement.text())
        .thenAccept(
            rows -> {
              if (rows != null) {
                gate.store().estimated(grant.name(), rows);
              }
            });
  }

  private Decision.Outcome executed(ApprovalGate.Verdict verdict) {
    return (sqlState, rows) -> gate.executed(verdict, sqlState, rows);
  }

  private static Decision approvalRefused(Decision holding, ApprovalGate.Verdict verdict) {
    return Decision.requireApproval(holding.rule(), holding.reason() + "; " + verdict.refusal())
        .withGrant(
            verdict.grant() == null
                ? null
                : new GrantRef(verdict.grant().name(), holding.rule(), null));
  }

  private static GrantRef approvedBy(ApprovalGate.Verdict verdict) {
    Grant grant = verdict.grant();
    return new GrantRef(grant.name(), grant.request().rule(), grant.decidedBy());
  }

  /** Returns a refusal, or null when the statement may run. */
  private Decision judge(
      int index,
      LexedStatement statement,
      List<StatementAnalysis> candidates,
      Map<TableRef, TableMask> masks) {
    StatementAnalysis primary = candidates.get(0);
    facts.analysed(index, primary);
    List<StatementAnalysis> judged = candidates;
    if (primary.operation() == Operation.EXECUTE) {
      List<StatementAnalysis> prepared = state.prepared(primary.preparedName());
      if (prepared == null) {
        return Refusals.refuse(
            "unknown-prepared",
            "prepared statement \""
                + primary.preparedName()
                + "\" was not prepared on this connection through dbwarden, so it cannot be"
                + " judged",
            "PREPARE it again on this connection");
      }
      prepared.forEach(analysis -> facts.analysed(index, analysis));
      // The prepared statement, and the EXECUTE itself, whose arguments may read tables.
      judged = new ArrayList<>(prepared);
      judged.addAll(candidates);
    }
    RowLimit statementLimit = null;
    for (StatementAnalysis analysis : judged) {
      if (analysis != primary && !resolvable(analysis)) {
        // Under that other possible session state a name would not resolve, so the server
        // would fail the statement: it cannot touch anything there.
        continue;
      }
      PolicyJudges.Verdict verdict = judges.judge(session.identity(), analysis, statements.size());
      Decision decision = verdict.decision();
      if (decision.action() == Decision.Action.APPROVAL_REQUIRED
          && primary.operation() == Operation.PREPARE) {
        // preparing runs nothing: the approval is asked for when it is executed
        continue;
      }
      if (decision.action() == Decision.Action.APPROVAL_REQUIRED) {
        // judged to the end as if allowed; the gate decides once the statement is understood
        if (held == null) {
          held = new Held(decision, verdict.policy(), primary);
        }
        continue;
      }
      if (!decision.allowed()) {
        return decision;
      }
      facts.allowedBy(index, decision.rule());
      statementLimit = RowLimit.stricter(statementLimit, decision.rowLimit());
    }
    if (primary.functions().contains("set_config") && SessionSettings.setsBuiltIn(statement)) {
      return Refusals.refuse(
          "set-config",
          "set_config() may only change custom settings (names with a dot) given as a string"
              + " literal",
          "use SET for built-in settings");
    }
    String text = statement.text();
    Set<TableRef> rewritten = Set.of();
    if (masking != null) {
      MaskingStep.Outcome outcome = masking.apply(statement, primary, judged, masks);
      if (outcome.refusal() != null) {
        return outcome.refusal();
      }
      if (primary.operation() == Operation.EXECUTE) {
        Set<TableRef> needed = new TreeSet<>();
        outcome.masked().forEach(c -> needed.add(c.table()));
        Set<TableRef> done = state.preparedMasked(primary.preparedName());
        if (!done.containsAll(needed)) {
          return Refusals.refuse(
              "masking-unsupported",
              "prepared statement \""
                  + primary.preparedName()
                  + "\" reads protected columns that were not masked when it was prepared",
              "PREPARE it again");
        }
      }
      text = outcome.text();
      touchedMasks.putAll(masks);
      Set<TableRef> tables = new TreeSet<>();
      outcome.masked().forEach(c -> tables.add(c.table()));
      rewritten = tables;
    }
    texts.add(text);
    lineage.add(resultLineage(statement, primary));
    remember(statement, primary, candidates, statementLimit, masks);
    if (primary.operation() == Operation.PREPARE) {
      state.preparedMasked(primary.preparedName(), rewritten);
    }
    limit = RowLimit.stricter(limit, statementLimit);
    return null;
  }

  /**
   * The lineage of the rows a statement returns: for EXECUTE its prepared statement's, for FETCH
   * its cursor's (whose protected tables the response side then watches too).
   */
  private List<OutputColumn> resultLineage(LexedStatement statement, StatementAnalysis primary) {
    String fetched = primary.operation() == Operation.CURSOR ? Cursors.fetched(statement) : null;
    if (fetched != null) {
      PolicySession.Cursor cursor = state.cursor(fetched);
      if (cursor == null) {
        return List.of();
      }
      cursor.masks().forEach(mask -> touchedMasks.put(mask.table(), mask));
      return cursor.lineage();
    }
    if (primary.operation() == Operation.EXECUTE) {
      List<StatementAnalysis> prepared = state.prepared(primary.preparedName());
      return prepared == null || prepared.isEmpty() || prepared.get(0) == null
          ? List.of()
          : prepared.get(0).lineage();
    }
    return primary.lineage();
  }

  /** Whether every table the statement names exists (or is the session's own temporary one). */
  private boolean resolvable(StatementAnalysis analysis) {
    return exist(analysis.tablesRead()) && exist(analysis.tablesWritten());
  }

  private boolean exist(Set<TableRef> tables) {
    for (TableRef table : tables) {
      boolean known =
          table.schema().equals("pg_temp")
              || database.catalog().relation(table.schema(), table.name()).isPresent();
      if (!known) {
        return false;
      }
    }
    return true;
  }

  /** Applies what an allowed statement changes about the session, before it even runs. */
  private void remember(
      LexedStatement statement,
      StatementAnalysis primary,
      List<StatementAnalysis> candidates,
      RowLimit statementLimit,
      Map<TableRef, TableMask> masks) {
    switch (primary.operation()) {
      case PREPARE ->
          state.prepared(
              primary.preparedName(), candidates.stream().map(StatementAnalysis::inner).toList());
      case DEALLOCATE -> state.deallocated(primary.preparedName());
      case SET -> {
        List<String> path = SessionSettings.searchPath(statement, sessionUser());
        if (path != null) {
          state.searchPathSet(path.isEmpty() ? database.defaultSearchPath() : path);
        }
      }
      case CURSOR -> cursor(statement);
      default -> {}
    }
    String declared = Cursors.declared(statement);
    if (declared != null) {
      state.cursorDeclared(
          declared,
          new PolicySession.Cursor(
              statementLimit == null ? null : statementLimit.newBudget(),
              List.copyOf(masks.values()),
              primary.lineage()));
    }
    if (primary.has(Feature.CREATES_TEMPORARY_TABLE)) {
      for (TableRef table : primary.tablesWritten()) {
        state.temporaryTableCreated(table.name());
      }
    }
    if (CATALOG_CHANGES.contains(primary.operation())) {
      changesCatalog = true;
    }
  }

  private void cursor(LexedStatement statement) {
    String fetched = Cursors.fetched(statement);
    if (fetched != null) {
      PolicySession.Cursor cursor = state.cursor(fetched);
      if (cursor != null && cursor.budget() != null) {
        cursorBudget = cursor.budget();
      }
      return;
    }
    Cursors.Closed closed = Cursors.closed(statement);
    if (closed != null) {
      state.cursorClosed(closed.name());
    }
  }

  private String sessionUser() {
    return session.serverParameter("session_authorization");
  }

  private Decision notAnalysed(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof AnalysisException e) {
      if (judges.policies().failOpen().unparseable() && masking == null) {
        return null;
      }
      return Refusals.cannotJudge(
          "unparseable", "the statement could not be parsed (" + e.getMessage() + ")");
    }
    throw new CompletionException(cause);
  }

  private Decision allowed() {
    Decision decision = Decision.allow().withRule(facts.rules());
    if (cursorBudget != null) {
      decision = decision.withRowLimit(cursorBudget.limit(), cursorBudget);
    } else if (limit != null) {
      decision = decision.withRowLimit(limit, null);
    }
    if (changesCatalog) {
      String name = session.database();
      outcome =
          outcome.andThen(
              (sqlState, rows) -> {
                if (sqlState == null) {
                  catalogs.refresh(name);
                }
              });
    }
    decision = decision.withOutcome(outcome).withExecuteCheck(executeCheck).withGrant(approved);
    if (masking != null && !texts.equals(statements.stream().map(LexedStatement::text).toList())) {
      decision = decision.withRewrite(MaskingRewriter.replaceStatements(sql, statements, texts));
    }
    if (!touchedMasks.isEmpty()) {
      decision = decision.withRows(ProtectedResult.of(touchedMasks.values(), lineage));
    }
    return decision.withFacts(facts.facts());
  }
}
