package io.dbwarden.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbwarden.api.bundle.PolicyBundle;
import io.dbwarden.api.policy.Action;
import io.dbwarden.api.policy.DatabasePolicy;
import io.dbwarden.api.policy.DatabasePolicySpec;
import io.dbwarden.operator.sidecars.PodRef;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BundleCompilerTest {

  private static DatabasePolicy policy(String name, LabelSelector selector, Action action) {
    DatabasePolicy policy = new DatabasePolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("shop").build());
    DatabasePolicySpec spec = new DatabasePolicySpec();
    spec.setSelector(selector);
    spec.setDefaultAction(action);
    policy.setSpec(spec);
    return policy;
  }

  private static Pod pod(String name, Map<String, String> labels) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("shop")
        .withLabels(labels)
        .endMetadata()
        .build();
  }

  private static LabelSelector app(String app) {
    return new LabelSelectorBuilder().addToMatchLabels("app", app).build();
  }

  @Test
  void eachPodGetsTheValidPoliciesSelectingIt() {
    DatabasePolicy orders = policy("orders", app("orders"), Action.DENY);
    DatabasePolicy all = policy("all", new LabelSelector(), Action.ALLOW);
    DatabasePolicy none = policy("none", null, Action.ALLOW);
    List<Pod> pods = List.of(pod("o", Map.of("app", "orders")), pod("b", Map.of("app", "billing")));

    BundleCompiler.Compiled compiled =
        BundleCompiler.compile(List.of(orders, all, none), pods, p -> true);

    assertThat(compiled.bundles().get(new PodRef("shop", "o")).policyNames())
        .containsExactly("all", "orders");
    assertThat(compiled.bundles().get(new PodRef("shop", "b")).policyNames())
        .containsExactly("all");
    assertThat(compiled.held()).isEmpty();
  }

  @Test
  void anInvalidSelectingPolicyHoldsThePod() {
    DatabasePolicy good = policy("good", app("orders"), Action.DENY);
    DatabasePolicy bad = policy("bad", app("orders"), Action.ALLOW);
    BundleCompiler.Compiled compiled =
        BundleCompiler.compile(
            List.of(good, bad), List.of(pod("o", Map.of("app", "orders"))), p -> p != bad);
    assertThat(compiled.bundles()).isEmpty();
    assertThat(compiled.held()).containsEntry(new PodRef("shop", "o"), List.of("bad"));
  }

  @Test
  void theRegistryKeepsHeldBundlesAndReportsChanges() {
    BundleRegistry registry = new BundleRegistry();
    DatabasePolicy good = policy("good", app("orders"), Action.DENY);
    Pod pod = pod("o", Map.of("app", "orders"));
    PodRef ref = PodRef.of(pod);

    Set<PodRef> first =
        registry.replaceNamespace(
            "shop", BundleCompiler.compile(List.of(good), List.of(pod), p -> true));
    assertThat(first).containsExactly(ref);
    PolicyBundle bundle = registry.bundle(ref).orElseThrow();
    assertThat(
            registry.replaceNamespace(
                "shop", BundleCompiler.compile(List.of(good), List.of(pod), p -> true)))
        .isEmpty();

    DatabasePolicy bad = policy("bad", app("orders"), Action.ALLOW);
    assertThat(
            registry.replaceNamespace(
                "shop", BundleCompiler.compile(List.of(good, bad), List.of(pod), p -> p != bad)))
        .containsExactly(ref);
    assertThat(registry.bundle(ref)).contains(bundle);
    assertThat(registry.heldBy(ref)).containsExactly("bad");

    assertThat(
            registry.replaceNamespace(
                "shop", BundleCompiler.compile(List.of(), List.of(pod), p -> true)))
        .containsExactly(ref);
    assertThat(registry.bundle(ref)).isEmpty();
    assertThat(registry.heldBy(ref)).isEmpty();
  }
}
