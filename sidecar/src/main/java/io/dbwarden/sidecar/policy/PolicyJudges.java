package io.dbwarden.sidecar.policy;

import io.dbwarden.sidecar.identity.Identity;
import io.dbwarden.sidecar.sql.analysis.StatementAnalysis;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Judges one analysed statement under every policy of a set. A refusal by any policy refuses it
 * (the first in name order is the one the client sees); else an approval any policy requires holds
 * it; else it is allowed, with the strictest row limit. With several policies, refusals name the
 * policy that refused, and allowing rules are written {@code policy/rule}.
 */
final class PolicyJudges {

  private final PolicySet policies;
  private final List<StatementJudge> judges;

  PolicyJudges(PolicySet policies) {
    this(policies, ScopeGrants.NONE);
  }

  PolicyJudges(PolicySet policies, ScopeGrants scopes) {
    this.policies = policies;
    this.judges = policies.members().stream().map(p -> new StatementJudge(p, scopes)).toList();
  }

  PolicySet policies() {
    return policies;
  }

  /**
   * @param statementsInQuery how many statements the client sent in the same Query
   */
  Verdict judge(Identity identity, StatementAnalysis analysis, int statementsInQuery) {
    Verdict held = null;
    List<String> granting = new ArrayList<>();
    RowLimit limit = null;
    for (StatementJudge judge : judges) {
      Decision decision = judge.judge(identity, analysis, statementsInQuery);
      CompiledPolicy policy = judge.policy();
      switch (decision.action()) {
        case DENY -> {
          return new Verdict(named(decision, policy), policy);
        }
        case APPROVAL_REQUIRED ->
            held = held == null ? new Verdict(named(decision, policy), policy) : held;
        case ALLOW -> {
          if (decision.rule() != null) {
            granting.add(qualified(policy, decision.rule()));
          }
          limit = RowLimit.stricter(limit, decision.rowLimit());
        }
      }
    }
    if (held != null) {
      return held;
    }
    Decision allowed =
        granting.isEmpty()
            ? Decision.allow()
            : Decision.allow().withRule(String.join(",", granting));
    return new Verdict(limit == null ? allowed : allowed.withRowLimit(limit, null), null);
  }

  private Decision named(Decision refusal, CompiledPolicy policy) {
    if (judges.size() == 1) {
      return refusal;
    }
    String reason = refusal.reason() + " [policy " + policy.name() + "]";
    return refusal.action() == Decision.Action.DENY
        ? Decision.deny(refusal.rule(), reason)
        : Decision.requireApproval(refusal.rule(), reason);
  }

  /** A member's allowing rules (a comma-separated list), each prefixed with its policy. */
  private String qualified(CompiledPolicy policy, String rules) {
    if (judges.size() == 1) {
      return rules;
    }
    return Arrays.stream(rules.split(","))
        .map(rule -> policy.name() + "/" + rule)
        .collect(Collectors.joining(","));
  }

  /**
   * @param decision the combined decision
   * @param policy for a refusal or a statement held for approval, the policy whose rule decided;
   *     else null
   */
  record Verdict(Decision decision, CompiledPolicy policy) {}
}
