package io.dbwarden.operator.sidecars;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbwarden.sidecar.testing.MovableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry fed the way the push stream will feed it. */
class SidecarRegistryTest {

  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private static final PodRef POD = new PodRef("shop", "orders-1");

  /** A fake push stream: one sidecar's messages. */
  private static final class FakeFeed {
    private final SidecarRegistry registry;

    FakeFeed(SidecarRegistry registry) {
      this.registry = registry;
    }

    void ack(String version) {
      registry.acknowledged(POD, version);
    }

    void nack(String version, String error) {
      registry.refused(POD, version, error);
    }

    void summary(String policy, long statements, long denied, long masked, Instant lastDenied) {
      registry.audit(POD, policy, new AuditCounts(statements, denied, masked, lastDenied));
    }

    void disconnect() {
      registry.disconnected(POD);
    }
  }

  @Test
  void acknowledgementsAndRefusals() {
    SidecarRegistry registry = new SidecarRegistry(Clock.fixed(T0, ZoneOffset.UTC));
    List<PodRef> changes = new ArrayList<>();
    registry.addListener(changes::add);
    FakeFeed feed = new FakeFeed(registry);

    feed.ack("v1");
    assertThat(registry.report(POD).orElseThrow().runs("v1")).isTrue();

    feed.nack("v2", "cannot parse spec.masking");
    SidecarReport report = registry.report(POD).orElseThrow();
    assertThat(report.runs("v1")).isTrue();
    assertThat(report.refused("v2")).isTrue();
    assertThat(report.refusal()).isEqualTo("cannot parse spec.masking");

    feed.ack("v3");
    assertThat(registry.report(POD).orElseThrow().refused("v2")).isFalse();

    feed.disconnect();
    assertThat(registry.report(POD)).isEmpty();
    assertThat(changes).containsOnly(POD).hasSize(4);
  }

  @Test
  void auditCountsAddUpUntilTaken() {
    SidecarRegistry registry = new SidecarRegistry(Clock.fixed(T0, ZoneOffset.UTC));
    FakeFeed feed = new FakeFeed(registry);
    feed.summary("orders", 10, 1, 3, T0);
    feed.summary("orders", 5, 0, 0, null);
    feed.summary("other", 1, 0, 0, null);

    AuditCounts pending = registry.pendingAudit("shop", "orders");
    assertThat(pending).isEqualTo(new AuditCounts(15, 1, 3, T0));

    feed.summary("orders", 2, 1, 0, T0.plusSeconds(5));
    registry.takeAudit("shop", "orders", pending);
    assertThat(registry.pendingAudit("shop", "orders"))
        .isEqualTo(new AuditCounts(2, 1, 0, T0.plusSeconds(5)));
    assertThat(registry.pendingAudit("shop", "other").statements()).isEqualTo(1);
    assertThat(registry.pendingAudit("elsewhere", "orders").isZero()).isTrue();
  }

  @Test
  void auditCountsAreAnnouncedOnlyWhenFlushed() {
    SidecarRegistry registry = new SidecarRegistry(Clock.fixed(T0, ZoneOffset.UTC));
    List<PodRef> changes = new ArrayList<>();
    registry.addListener(changes::add);
    FakeFeed feed = new FakeFeed(registry);

    feed.summary("orders", 10, 1, 3, T0);
    feed.summary("orders", 5, 0, 0, null);
    assertThat(changes).isEmpty();

    registry.flushAudit();
    assertThat(changes).containsExactly(POD);

    registry.takeAudit("shop", "orders", registry.pendingAudit("shop", "orders"));
    registry.flushAudit();
    assertThat(changes).containsExactly(POD);
  }

  @Test
  void reconnectGraceRunsOutAfterStart() {
    MovableClock clock = new MovableClock(T0);
    SidecarRegistry registry = new SidecarRegistry(clock);
    assertThat(registry.reconnectGraceLeft()).isEqualTo(SidecarRegistry.RECONNECT_GRACE);
    clock.advance(SidecarRegistry.RECONNECT_GRACE.minusSeconds(1));
    assertThat(registry.reconnectGraceLeft()).isEqualTo(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(2));
    assertThat(registry.reconnectGraceLeft()).isZero();
  }
}
