package io.dbwarden.sidecar.policy;

import io.dbwarden.api.policy.PolicyDocuments;
import io.dbwarden.sidecar.catalog.CatalogService;
import io.dbwarden.sidecar.identity.Identity;
import java.time.Duration;
import java.util.List;

/** The decision step for one policy document, without a database, asked about statements. */
final class TestEngine implements AutoCloseable {

  private final PolicyEngine engine;

  TestEngine(String policy) {
    engine =
        new PolicyEngine(
            PolicySet.of(PolicyCompiler.compile(PolicyDocuments.parse(policy).policy())),
            CatalogService.none(),
            Duration.ofSeconds(10));
  }

  /** What the engine decides for a user of {@code group} sending {@code sql}, step by step. */
  Explanation explain(String group, String sql) throws Exception {
    Identity who =
        new Identity(Identity.Kind.User, "someone", List.of(group), null, Identity.Method.JWT);
    return engine.explain(new CheckSession(who, "shop"), sql).get();
  }

  @Override
  public void close() {
    engine.close();
  }
}
