package io.dbwarden.kubectl.explain;

import io.dbwarden.api.policy.DatabasePolicy;
import io.dbwarden.api.policy.MaskingStrategy;
import io.dbwarden.sidecar.catalog.CatalogService;
import io.dbwarden.sidecar.identity.Identity;
import io.dbwarden.sidecar.policy.CheckSession;
import io.dbwarden.sidecar.policy.CompiledPolicy;
import io.dbwarden.sidecar.policy.Decision;
import io.dbwarden.sidecar.policy.Explanation;
import io.dbwarden.sidecar.policy.MaskingRules;
import io.dbwarden.sidecar.policy.PolicyCompiler;
import io.dbwarden.sidecar.policy.PolicyEngine;
import io.dbwarden.sidecar.policy.PolicySet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A statement judged by the sidecar's own decision step ({@code dbwarden check} runs the same),
 * under policies read from the cluster, for one identity. No database is read: names resolve to the
 * first schema of the default search path ({@code public}), and automatic masking, which classifies
 * the database's columns, cannot be shown.
 *
 * @param identity who runs the statement
 * @param policies the policies, as read from the cluster
 * @param namespace where they live
 * @param explanation the decision and each step's answer
 */
record Judged(
    Identity identity, List<DatabasePolicy> policies, String namespace, Explanation explanation) {

  /** How long parsing one statement may take, as in {@code dbwarden check}. */
  private static final Duration ANALYSIS_TIMEOUT = Duration.ofSeconds(10);

  /** Judges {@code sql}; {@code policies} must be valid. */
  static Judged judge(
      Identity identity, List<DatabasePolicy> policies, String namespace, String sql) {
    PolicySet set = new PolicySet(policies.stream().map(PolicyCompiler::compile).toList());
    try (PolicyEngine engine = new PolicyEngine(set, CatalogService.none(), ANALYSIS_TIMEOUT)) {
      Explanation explanation =
          engine.explain(new CheckSession(identity, "postgres"), sql).get(30, TimeUnit.SECONDS);
      return new Judged(identity, policies, namespace, explanation);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while judging the statement", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the statement could not be judged: " + e.getMessage(), e);
    }
  }

  Decision decision() {
    return explanation.decision();
  }

  /**
   * The refusal the client would see, without what only a running proxy adds: for a statement held
   * for approval, the held decision's own reason rather than the proxy's note that it has no place
   * to record the request.
   */
  String reason() {
    Decision decision = decision();
    if (decision.action() != Decision.Action.APPROVAL_REQUIRED) {
      return decision.reason();
    }
    for (Explanation.StatementSteps statement : explanation.statements()) {
      for (Explanation.PolicySteps steps : statement.policies()) {
        for (Decision step : new Decision[] {steps.guardrail(), steps.approval()}) {
          if (step != null
              && step.action() == Decision.Action.APPROVAL_REQUIRED
              && step.rule().equals(decision.rule())) {
            return step.reason();
          }
        }
      }
    }
    return decision.reason();
  }

  /** The policy a statement held for approval waits on: the first whose steps hold it. */
  CompiledPolicy holdingPolicy() {
    for (Explanation.StatementSteps statement : explanation.statements()) {
      for (Explanation.PolicySteps steps : statement.policies()) {
        if (holds(steps.guardrail()) || holds(steps.approval())) {
          return steps.policy();
        }
      }
    }
    return null;
  }

  private static boolean holds(Decision step) {
    return step != null && step.action() == Decision.Action.APPROVAL_REQUIRED;
  }

  /**
   * The masking a policy puts on the statement for this identity: the listed columns it reads with
   * their strategy, whether automatic classification adds to them, or that the identity is exempt.
   */
  Masking masking(CompiledPolicy policy, List<String> columnsRead) {
    MaskingRules rules = policy.masking();
    if (!rules.enabled()) {
      return new Masking(false, false, Map.of(), false);
    }
    if (rules.exempt(identity)) {
      return new Masking(true, true, Map.of(), rules.auto());
    }
    Map<String, String> listed = new LinkedHashMap<>();
    for (String column : columnsRead) {
      MaskingStrategy strategy = rules.columns().get(column);
      if (strategy != null && strategy != MaskingStrategy.NONE) {
        listed.put(column, strategy.name().toLowerCase(java.util.Locale.ROOT));
      }
    }
    return new Masking(true, false, listed, rules.auto());
  }

  /**
   * @param enabled whether the policy masks anything
   * @param exempt whether the identity sees clear values ({@code masking.exempt})
   * @param columns listed columns the statement reads, with their strategy
   * @param automatic whether automatic classification masks more at run time
   */
  record Masking(boolean enabled, boolean exempt, Map<String, String> columns, boolean automatic) {}
}
