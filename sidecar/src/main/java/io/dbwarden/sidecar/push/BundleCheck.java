package io.dbwarden.sidecar.push;

import io.dbwarden.api.bundle.BundledPolicy;
import io.dbwarden.api.bundle.PolicyBundle;
import io.dbwarden.api.policy.DatabasePolicy;
import io.dbwarden.api.policy.Engine;
import io.dbwarden.api.policy.PolicyVersion;
import io.dbwarden.api.policy.validation.PolicyProblem;
import io.dbwarden.api.policy.validation.PolicyValidator;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a sidecar makes of a bundle before enforcing it. The operator sent only valid policies, but
 * the sidecar does not take that on trust: a bundle whose versions do not match its content, a spec
 * the validator refuses, or a policy for another engine is refused, and the refusal travels back as
 * a NACK into the policy's status. Several policies are fine: the sidecar enforces them together.
 */
final class BundleCheck {

  private BundleCheck() {}

  /**
   * The policies the bundle asks this sidecar to enforce, in name order; empty when the bundle is
   * empty (no policy selects the pod any more).
   *
   * @throws BundleRejectedException saying why the bundle cannot be enforced
   */
  static List<DatabasePolicy> policiesOf(PolicyBundle bundle) throws BundleRejectedException {
    for (BundledPolicy policy : bundle.policies()) {
      if (!PolicyVersion.of(policy.spec()).equals(policy.version())) {
        throw new BundleRejectedException(
            "policy " + policy.name() + " does not match its version " + policy.version());
      }
    }
    if (!PolicyBundle.of(bundle.policies()).version().equals(bundle.version())) {
      throw new BundleRejectedException(
          "the bundle does not match its version " + bundle.version());
    }
    List<DatabasePolicy> policies = new ArrayList<>();
    for (BundledPolicy policy : bundle.policies()) {
      policies.add(policyOf(policy));
    }
    return policies;
  }

  private static DatabasePolicy policyOf(BundledPolicy only) throws BundleRejectedException {
    if (only.spec().getEngine() != Engine.POSTGRES) {
      throw new BundleRejectedException(
          "policy "
              + only.name()
              + " governs engine "
              + only.spec().getEngine().name().toLowerCase(Locale.ROOT)
              + "; this sidecar proxies PostgreSQL");
    }
    DatabasePolicy policy = new DatabasePolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName(only.name()).build());
    policy.setSpec(only.spec());
    List<PolicyProblem> problems = PolicyValidator.validate(policy);
    if (!problems.isEmpty()) {
      throw new BundleRejectedException(
          "policy "
              + only.name()
              + " is invalid: "
              + problems.stream().map(PolicyProblem::toString).collect(Collectors.joining("; ")));
    }
    return policy;
  }
}
