package io.dbwarden.sidecar.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbwarden.api.bundle.BundledPolicy;
import io.dbwarden.api.bundle.PolicyBundle;
import io.dbwarden.api.policy.Action;
import io.dbwarden.api.policy.DatabasePolicy;
import io.dbwarden.api.policy.DatabasePolicySpec;
import io.dbwarden.api.policy.Engine;
import io.dbwarden.api.policy.PolicyDocuments;
import io.dbwarden.api.push.StreamMessage;
import io.dbwarden.sidecar.catalog.CatalogService;
import io.dbwarden.sidecar.identity.Identity;
import io.dbwarden.sidecar.policy.CheckSession;
import io.dbwarden.sidecar.policy.Decision;
import io.dbwarden.sidecar.policy.PolicyEngine;
import io.dbwarden.sidecar.policy.PolicySet;
import io.dbwarden.sidecar.policy.StatementRequest;
import io.dbwarden.sidecar.testing.DemoCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PushedPolicyTest {

  @TempDir Path directory;

  private final List<String> events = new ArrayList<>();
  private final List<PushedPolicy> opened = new ArrayList<>();

  @AfterEach
  void close() {
    opened.forEach(PushedPolicy::close);
  }

  private PushedPolicy pushed() {
    PushedPolicy pushed =
        new PushedPolicy(
            new BundleStore(directory),
            policies ->
                new PolicyEngine(
                    policies,
                    CatalogService.fixed(DemoCatalog.CATALOG, List.of("public")),
                    Duration.ofSeconds(5)),
            new PolicyEvents() {
              @Override
              public void loaded(PolicySet policies, String source) {
                events.add("loaded " + policies.name() + " from " + source);
              }

              @Override
              public void rejected(String source, List<String> problems) {
                events.add("rejected " + problems);
              }

              @Override
              public void cleared(String source) {
                events.add("cleared by " + source);
              }
            });
    opened.add(pushed);
    return pushed;
  }

  private static BundledPolicy policy(String name, Engine engine) {
    DatabasePolicySpec spec = new DatabasePolicySpec();
    spec.setDefaultAction(Action.ALLOW);
    spec.setEngine(engine);
    return BundledPolicy.of(name, spec);
  }

  private static PolicyBundle bundle(BundledPolicy... policies) {
    return PolicyBundle.of(List.of(policies));
  }

  @Test
  void aGoodBundleIsAcknowledgedEnforcedAndSaved() throws IOException {
    PushedPolicy pushed = pushed();
    PolicyBundle orders = bundle(policy("orders", Engine.POSTGRES));

    assertThat(pushed.version()).isEmpty();
    assertThat(pushed.apply(orders)).isEqualTo(new StreamMessage.Ack(orders.version()));

    assertThat(pushed.version()).contains(orders.version());
    assertThat(pushed.policyNames()).containsExactly("orders");
    assertThat(events).containsExactly("loaded orders from operator");
    assertThat(new BundleStore(directory).load()).contains(orders);
  }

  @Test
  void aBundleThisSidecarCannotEnforceIsRefusedAndTheOldOneKept() throws IOException {
    PushedPolicy pushed = pushed();
    PolicyBundle orders = bundle(policy("orders", Engine.POSTGRES));
    pushed.apply(orders);

    PolicyBundle mysql = bundle(policy("orders", Engine.POSTGRES), policy("reports", Engine.MYSQL));

    assertThat(pushed.apply(mysql))
        .isEqualTo(
            new StreamMessage.Nack(
                mysql.version(),
                "policy reports governs engine mysql; this sidecar proxies PostgreSQL"));
    assertThat(pushed.version()).contains(orders.version());
    assertThat(new BundleStore(directory).load()).contains(orders);
  }

  @Test
  void aBundleOfTwoPoliciesIsAcknowledgedAndBothAreEnforced() throws Exception {
    PushedPolicy pushed = pushed();
    PolicyBundle two =
        bundle(
            parsed(
                """
                metadata: {name: guardrails}
                spec:
                  defaultAction: allow
                  masking: {auto: false}
                  guardrails:
                    rules:
                      - {name: no-customer-updates, operations: [UPDATE], tables: [public.customers]}
                """),
            parsed(
                """
                metadata: {name: team}
                spec:
                  defaultAction: deny
                  masking: {auto: false}
                  rules:
                    - name: team
                      subjects: [{kind: Group, name: analysts}]
                      operations: [SELECT, UPDATE]
                      tables: [public.customers]
                """));

    assertThat(pushed.apply(two)).isEqualTo(new StreamMessage.Ack(two.version()));
    assertThat(pushed.policyNames()).containsExactly("guardrails", "team");
    assertThat(events).containsExactly("loaded guardrails+team from operator");

    assertThat(decide(pushed, "SELECT email FROM customers").allowed()).isTrue();
    Decision update = decide(pushed, "UPDATE customers SET city = 'x' WHERE id = 1");
    assertThat(update.allowed()).isFalse();
    assertThat(update.rule()).isEqualTo("no-customer-updates");
    assertThat(update.reason()).endsWith("[policy guardrails]");
    Decision orders = decide(pushed, "SELECT * FROM orders");
    assertThat(orders.allowed()).isFalse();
    assertThat(orders.reason()).endsWith("[policy team]");
  }

  private static BundledPolicy parsed(String yaml) {
    DatabasePolicy policy =
        PolicyDocuments.parse("apiVersion: dbwarden.io/v1alpha1\nkind: DatabasePolicy\n" + yaml)
            .policy();
    return BundledPolicy.of(policy.getMetadata().getName(), policy.getSpec());
  }

  private static Decision decide(PushedPolicy pushed, String sql) throws Exception {
    Identity analyst =
        new Identity(Identity.Kind.User, "ann", List.of("analysts"), null, Identity.Method.JWT);
    return pushed
        .decider()
        .decide(
            new CheckSession(analyst, "shop"),
            new StatementRequest(sql, StatementRequest.Protocol.SIMPLE))
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void aBundleWhoseVersionDoesNotMatchItsContentIsRefused() {
    PolicyBundle real = bundle(policy("orders", Engine.POSTGRES));
    PolicyBundle forged = new PolicyBundle("000000000000", real.policies());

    assertThat(pushed().apply(forged))
        .isInstanceOfSatisfying(
            StreamMessage.Nack.class,
            nack -> assertThat(nack.error()).contains("does not match its version"));
  }

  @Test
  void anEmptyBundleClearsThePolicy() {
    PushedPolicy pushed = pushed();
    pushed.apply(bundle(policy("orders", Engine.POSTGRES)));

    PolicyBundle empty = bundle();
    assertThat(pushed.apply(empty)).isEqualTo(new StreamMessage.Ack(empty.version()));
    assertThat(pushed.policyNames()).isEmpty();
    assertThat(events).endsWith("cleared by operator");
  }

  @Test
  void aRestartedSidecarEnforcesItsSavedBundle() {
    PolicyBundle orders = bundle(policy("orders", Engine.POSTGRES));
    pushed().apply(orders);

    PushedPolicy restarted = pushed();
    restarted.loadSaved();

    assertThat(restarted.version()).contains(orders.version());
    assertThat(events).endsWith("loaded orders from saved bundle");
  }

  @Test
  void anUnreadableSavedBundleIsIgnored() throws IOException {
    Files.writeString(directory.resolve(BundleStore.FILE), "{\"version\": 12");

    PushedPolicy pushed = pushed();
    pushed.loadSaved();

    assertThat(pushed.version()).isEmpty();
  }
}
