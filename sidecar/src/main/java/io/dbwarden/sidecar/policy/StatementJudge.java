package io.dbwarden.sidecar.policy;

import io.dbwarden.api.policy.GuardrailPreset;
import io.dbwarden.api.policy.Operation;
import io.dbwarden.sidecar.identity.Identity;
import io.dbwarden.sidecar.sql.analysis.Feature;
import io.dbwarden.sidecar.sql.analysis.ObjectKind;
import io.dbwarden.sidecar.sql.analysis.StatementAnalysis;
import io.dbwarden.sidecar.sql.analysis.TableRef;
import java.util.HashSet;
import java.util.Set;

/**
 * Judges one analysed statement under one policy: what cannot be judged is refused first, then
 * guardrails, then permissions. Guardrails come before permissions so a refused DROP names the
 * guardrail, which holds for everyone, rather than a missing grant.
 */
final class StatementJudge {

  private final CompiledPolicy policy;
  private final Guardrails guardrails;
  private final Permissions permissions;
  private final ScopeGrants scopes;

  /** The approval rules, matched like guardrails of action {@code requireApproval}. */
  private final Guardrails approvals;

  StatementJudge(CompiledPolicy policy) {
    this(policy, ScopeGrants.NONE);
  }

  StatementJudge(CompiledPolicy policy, ScopeGrants scopes) {
    this.policy = policy;
    this.scopes = scopes;
    this.guardrails = new Guardrails(policy.preset(), policy.guardrails());
    this.approvals = new Guardrails(GuardrailPreset.NONE, policy.approvals().rules());
    this.permissions = new Permissions(policy.name(), policy.defaultAllow(), policy.rules());
  }

  CompiledPolicy policy() {
    return policy;
  }

  /**
   * @param statementsInQuery how many statements the client sent in the same Query
   */
  Decision judge(Identity identity, StatementAnalysis analysis, int statementsInQuery) {
    Decision refused = unjudgeable(analysis);
    if (refused != null) {
      return refused;
    }
    StatementAnalysis inner = analysis.inner();
    if (analysis.operation() == Operation.PREPARE && inner != null) {
      // A prepared statement is what it will execute.
      return judge(identity, inner, statementsInQuery);
    }
    // A guardrail that holds for approval, on the statement or on the one it runs (EXPLAIN ANALYZE
    // executes it), waits until the permissions have had their say: an approval never gives more.
    Decision held = null;
    if (inner != null) {
      refused = unjudgeable(inner);
      if (refused == null) {
        refused = guardrails.check(inner, statementsInQuery);
      }
      if (refused != null && refused.action() != Decision.Action.APPROVAL_REQUIRED) {
        return refused;
      }
      held = refused;
    }
    refused = guardrails.check(analysis, statementsInQuery);
    if (refused != null && refused.action() != Decision.Action.APPROVAL_REQUIRED) {
      return refused;
    }
    if (held == null) {
      held = refused;
    }
    Decision permitted = permissions.check(identity, analysis);
    if (permitted != null && !permitted.allowed()) {
      // An approval cannot give more than the permissions do; only a scope grant, which an
      // approver gave for exactly this, lifts a denial by the default action (never a deny rule).
      return !permissions.deniedByRule(identity, analysis) && inScopeGrant(identity, analysis)
          ? Decision.requireApproval(
              ScopeGrants.JUST_IN_TIME,
              permitted.reason()
                  + "; an approved scope grant covers it, so it runs under that grant")
          : permitted;
    }
    Decision approval = held != null ? held : approvalRule(analysis, statementsInQuery);
    if (approval != null) {
      return approval;
    }
    return permitted == null ? Decision.allow() : permitted;
  }

  private boolean inScopeGrant(Identity identity, StatementAnalysis analysis) {
    Set<TableRef> tables = new HashSet<>(analysis.tablesRead());
    tables.addAll(analysis.tablesWritten());
    return !tables.isEmpty()
        && analysis.inner() == null
        && scopes.covers(identity, policy.name(), analysis.operation(), tables);
  }

  /**
   * What each step says of the statement on its own, for explaining a decision: {@link #judge}
   * stops at the first step that decides, this asks every step.
   *
   * @param statementsInQuery how many statements the client sent in the same Query
   */
  Explanation.PolicySteps steps(
      Identity identity, StatementAnalysis analysis, int statementsInQuery) {
    StatementAnalysis inner = analysis.inner();
    Decision cannotJudge = unjudgeable(analysis);
    if (cannotJudge == null && analysis.operation() == Operation.PREPARE && inner != null) {
      return steps(identity, inner, statementsInQuery);
    }
    if (cannotJudge == null && inner != null) {
      cannotJudge = unjudgeable(inner);
    }
    Decision guardrail = inner == null ? null : guardrails.check(inner, statementsInQuery);
    if (guardrail == null) {
      guardrail = guardrails.check(analysis, statementsInQuery);
    }
    return new Explanation.PolicySteps(
        policy,
        cannotJudge,
        guardrail,
        permissions.check(identity, analysis),
        approvalRule(analysis, statementsInQuery));
  }

  /** The approval rule that holds the statement, or the one it runs. */
  private Decision approvalRule(StatementAnalysis analysis, int statementsInQuery) {
    Decision rule = approvals.check(analysis, statementsInQuery);
    return rule == null && analysis.inner() != null
        ? approvals.check(analysis.inner(), statementsInQuery)
        : rule;
  }

  private static boolean definesRoutine(StatementAnalysis a) {
    return (a.operation() == Operation.CREATE || a.operation() == Operation.ALTER)
        && (a.objectKind() == ObjectKind.FUNCTION || a.objectKind() == ObjectKind.PROCEDURE);
  }

  /** Statements the proxy cannot see through are refused unless the policy opts in. */
  private Decision unjudgeable(StatementAnalysis a) {
    FailOpen open = policy.failOpen();
    if (!a.understood() && !open.unsupported()) {
      return Refusals.cannotJudge(
          "unsupported", "the statement uses syntax dbwarden cannot analyse (" + a.unknown() + ")");
    }
    if (a.operation() == Operation.DO && !open.doBlocks()) {
      return Refusals.cannotJudge("do-block", "DO blocks run code dbwarden cannot see into");
    }
    if (definesRoutine(a) && !open.doBlocks()) {
      return Refusals.cannotJudge(
          "routine-body",
          "a function or procedure body is code dbwarden cannot see into, and calling it later"
              + " would run whatever it holds");
    }
    if (a.operation() == Operation.CALL && !open.call()) {
      return Refusals.cannotJudge("call", "CALL runs a procedure dbwarden cannot see into");
    }
    if (a.has(Feature.DYNAMIC_SQL) && !open.dynamicSql()) {
      return Refusals.cannotJudge(
          "dynamic-sql", "the statement runs SQL built at run time, which dbwarden cannot judge");
    }
    return null;
  }
}
