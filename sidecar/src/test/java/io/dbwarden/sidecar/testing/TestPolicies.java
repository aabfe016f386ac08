package io.dbwarden.sidecar.testing;

import io.dbwarden.api.policy.DatabasePolicy;
import io.dbwarden.api.policy.PolicyDocuments;
import io.dbwarden.sidecar.demo.DemoPolicy;
import io.dbwarden.sidecar.policy.CompiledPolicy;
import io.dbwarden.sidecar.policy.PolicyCompiler;

/** Variants of the demo policy. */
public final class TestPolicies {

  private TestPolicies() {}

  /**
   * The demo policy without its row limits: alice may read a result of any size, still masked,
   * which is what streaming tests and benchmarks of masking need (with the limit the proxy would
   * deliver 1000 rows and drop the rest).
   */
  public static CompiledPolicy demoWithoutRowLimits() {
    DatabasePolicy policy = PolicyDocuments.parse(DemoPolicy.text()).policy();
    policy.getSpec().getRules().forEach(rule -> rule.setMaxRows(null));
    return PolicyCompiler.compile(policy);
  }
}
