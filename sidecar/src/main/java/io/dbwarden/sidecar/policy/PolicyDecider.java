package io.dbwarden.sidecar.policy;

import io.dbwarden.sidecar.approval.ApprovalGate;
import io.dbwarden.sidecar.catalog.CatalogService;
import io.dbwarden.sidecar.catalog.CatalogUnavailableException;
import io.dbwarden.sidecar.proxy.SessionInfo;
import io.dbwarden.sidecar.sql.analysis.AnalysisCache;
import io.dbwarden.sidecar.sql.lexer.LexedStatement;
import io.dbwarden.sidecar.sql.lexer.SplitQuery;
import io.dbwarden.sidecar.sql.lexer.SqlLexException;
import io.dbwarden.sidecar.sql.lexer.StatementSplitter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The decision step with a policy: splits what the client sent with our own lexer, analyses each
 * statement (from the cache, or parsed off the event loop), and judges it under the current
 * policies. Replacing them takes effect from the next statement on.
 */
public final class PolicyDecider implements StatementDecider {

  private final AtomicReference<PolicyJudges> judges;
  private final AnalysisCache analyses;
  private final CatalogService catalogs;
  private final ApprovalGate gate;

  public PolicyDecider(PolicySet policies, AnalysisCache analyses, CatalogService catalogs) {
    this(policies, analyses, catalogs, ApprovalGate.UNAVAILABLE);
  }

  /**
   * @param gate where statements held for approval go
   */
  public PolicyDecider(
      PolicySet policies, AnalysisCache analyses, CatalogService catalogs, ApprovalGate gate) {
    this.judges = new AtomicReference<>(new PolicyJudges(policies, gate.scopes()));
    this.analyses = analyses;
    this.catalogs = catalogs;
    this.gate = gate;
  }

  /** Switches to new policies; statements already judged keep their decisions. */
  public void policyChanged(PolicySet policies) {
    judges.set(new PolicyJudges(policies, gate.scopes()));
  }

  public PolicySet policies() {
    return judges.get().policies();
  }

  @Override
  public CompletionStage<Decision> decide(SessionInfo session, StatementRequest request) {
    PolicyJudges current = judges.get();
    FailOpen open = current.policies().failOpen();
    String version = current.policies().version();
    if (request.protocol() == StatementRequest.Protocol.FUNCTION_CALL) {
      Decision decision =
          open.functionCall()
              ? Decision.allow()
              : Refusals.cannotJudge(
                  "function-call",
                  "a FunctionCall message calls a function by number, which dbwarden cannot judge");
      return CompletableFuture.completedFuture(
          decision.withFacts(QueryFacts.opaque("function call", version)));
    }
    SplitQuery split;
    try {
      split = StatementSplitter.split(request.sql(), standardConformingStrings(session));
    } catch (SqlLexException e) {
      return CompletableFuture.completedFuture(
          (open.unparseable()
                  ? Decision.allow()
                  : Refusals.cannotJudge(
                      "unparseable", "the statement cannot be tokenized (" + e.getMessage() + ")"))
              .withFacts(QueryFacts.opaque("unparseable statement", version)));
    }
    List<LexedStatement> statements = split.statements();
    QueryFacts facts = new QueryFacts(statements, version, current.policies().auditParameters());
    if (split.settingSensitive()) {
      return CompletableFuture.completedFuture(
          Refusals.refuse(
                  "ambiguous-literal",
                  "a string literal in this query means different things depending on"
                      + " standard_conforming_strings, so it was not run",
                  "write backslash escapes in E'...' strings")
              .withFacts(facts.facts()));
    }
    if (statements.isEmpty()) {
      return CompletableFuture.completedFuture(Decision.allow().withFacts(facts.facts()));
    }
    if (request.protocol() == StatementRequest.Protocol.EXTENDED && statements.size() > 1) {
      // The server refuses this too; refusing it here means it is never parsed upstream.
      return CompletableFuture.completedFuture(
          Refusals.cannotJudge("unparseable", "a prepared statement can hold only one statement")
              .withFacts(facts.facts()));
    }
    PolicySession state = session.state(PolicySession.class, PolicySession::new);
    return catalogs
        .catalog(session.database())
        .thenCompose(
            database ->
                new QueryJudgement(
                        current,
                        analyses,
                        catalogs,
                        session,
                        state,
                        database,
                        statements,
                        facts,
                        request.sql(),
                        request.protocol() == StatementRequest.Protocol.EXTENDED,
                        gate)
                    .run())
        .exceptionally(failure -> catalogUnavailable(failure, facts));
  }

  /** A catalog that cannot be read refuses the statement; anything else fails the step. */
  private static Decision catalogUnavailable(Throwable failure, QueryFacts facts) {
    Throwable cause = failure instanceof CompletionException c ? c.getCause() : failure;
    if (cause instanceof CatalogUnavailableException) {
      return Refusals.refuse(
              "catalog",
              "the statement could not be judged because the database's catalog could not be read",
              "try again shortly")
          .withFacts(facts.facts());
    }
    throw failure instanceof CompletionException c ? c : new CompletionException(failure);
  }

  private static boolean standardConformingStrings(SessionInfo session) {
    return !"off".equalsIgnoreCase(session.serverParameter("standard_conforming_strings"));
  }
}
