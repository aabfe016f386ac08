package io.dbwarden.sidecar.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dbwarden.api.policy.AuditMode;
import io.dbwarden.sidecar.demo.EmbeddedPostgres;
import io.dbwarden.sidecar.metrics.ProxyMetrics;
import io.dbwarden.sidecar.testing.PostgresExtension;
import io.dbwarden.sidecar.testing.ProxyFixture;
import io.dbwarden.sidecar.testing.SimpleQueryClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Best-effort mode: while the audit file cannot be written, statements go on; the queue stays
 * bounded, and every record that did not fit is counted in the metrics.
 */
@ExtendWith(PostgresExtension.class)
class AuditBestEffortIT {

  private static final int CAPACITY = 16;

  @TempDir static Path dir;
  private static ProxyFixture proxy;
  private static JsonLinesAuditSink sink;
  private static ProxyMetrics metrics;

  @BeforeAll
  static void start(EmbeddedPostgres postgres) throws Exception {
    Path file = dir.resolve("audit.jsonl");
    Files.createSymbolicLink(file, Path.of("/dev/full"));
    sink =
        new JsonLinesAuditSink(
            new RotatingFileAuditOutput(file, 1 << 20, 3), CAPACITY, Duration.ofMillis(50));
    AuditGuard guard = new AuditGuard(sink, AuditMode.BEST_EFFORT);
    metrics = ProxyMetrics.prometheus();
    metrics.bindAudit(guard);
    proxy = ProxyFixture.builder(postgres).guard(guard).metrics(metrics).start();
  }

  @AfterAll
  static void stop() {
    if (proxy != null) {
      proxy.close();
    }
    if (sink != null) {
      sink.close();
    }
  }

  @Test
  void statementsGoOnAndLostRecordsAreCounted() throws Exception {
    try (SimpleQueryClient client =
        SimpleQueryClient.connect(
            proxy.address(), ProxyFixture.ALICE, ProxyFixture.ALICE_PASSWORD, "shop")) {
      await().atMost(Duration.ofSeconds(10)).until(() -> sink.failure() != null);
      for (int i = 0; i < 3 * CAPACITY; i++) {
        assertThat(client.run("SELECT " + i).failed()).isFalse();
      }
    }
    assertThat(sink.queued()).isLessThanOrEqualTo(CAPACITY);
    assertThat(sink.dropped()).isPositive();
    // The connection's own "closed" record may still be dropped after the client is gone.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        metrics.registry().get("dbwarden.audit.dropped").functionCounter().count())
                    .isEqualTo(sink.dropped()));
    assertThat(metrics.registry().get("dbwarden.audit.healthy").gauge().value()).isZero();
    assertThat(metrics.registry().get("dbwarden.audit.strict").gauge().value()).isZero();
    assertThat(metrics.registry().get("dbwarden.audit.refused.statements").counter().count())
        .isZero();
  }
}
