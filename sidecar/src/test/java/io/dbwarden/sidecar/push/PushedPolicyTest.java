package io.dbwarden.sidecar.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbwarden.api.bundle.BundledPolicy;
import io.dbwarden.api.bundle.PolicyBundle;
import io.dbwarden.api.policy.Action;
import io.dbwarden.api.policy.DatabasePolicySpec;
import io.dbwarden.api.policy.Engine;
import io.dbwarden.api.push.StreamMessage;
import io.dbwarden.sidecar.catalog.UpstreamCatalogs;
import io.dbwarden.sidecar.config.UpstreamConfig;
import io.dbwarden.sidecar.policy.CompiledPolicy;
import io.dbwarden.sidecar.policy.PolicyEngine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    // The catalog is only read for statements, which these tests do not judge.
    UpstreamConfig nowhere =
        new UpstreamConfig(
            new InetSocketAddress("127.0.0.1", 1), UpstreamConfig.TlsMode.DISABLE, null, null);
    PushedPolicy pushed =
        new PushedPolicy(
            new BundleStore(directory),
            compiled ->
                new PolicyEngine(
                    compiled, UpstreamCatalogs.forUpstream(nowhere), Duration.ofSeconds(1)),
            new PolicyEvents() {
              @Override
              public void loaded(CompiledPolicy policy, String source) {
                events.add("loaded " + policy.name() + " from " + source);
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
    assertThat(pushed.policyName()).contains("orders");
    assertThat(events).containsExactly("loaded orders from operator");
    assertThat(new BundleStore(directory).load()).contains(orders);
  }

  @Test
  void aBundleThisSidecarCannotEnforceIsRefusedAndTheOldOneKept() throws IOException {
    PushedPolicy pushed = pushed();
    PolicyBundle orders = bundle(policy("orders", Engine.POSTGRES));
    pushed.apply(orders);

    PolicyBundle two = bundle(policy("orders", Engine.POSTGRES), policy("audit", Engine.POSTGRES));
    PolicyBundle mysql = bundle(policy("orders", Engine.MYSQL));

    assertThat(pushed.apply(two))
        .isEqualTo(
            new StreamMessage.Nack(
                two.version(),
                "2 policies select this pod (audit, orders); a sidecar enforces one: change their"
                    + " selectors so that one selects it"));
    assertThat(pushed.apply(mysql))
        .isEqualTo(
            new StreamMessage.Nack(
                mysql.version(),
                "policy orders governs engine mysql; this sidecar proxies PostgreSQL"));
    assertThat(pushed.version()).contains(orders.version());
    assertThat(new BundleStore(directory).load()).contains(orders);
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
    assertThat(pushed.policyName()).isEmpty();
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
