package io.dbwarden.sidecar.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbwarden.api.audit.AuditEvent;
import io.dbwarden.api.policy.AuditMode;
import io.dbwarden.sidecar.demo.EmbeddedPostgres;
import io.dbwarden.sidecar.testing.PostgresExtension;
import io.dbwarden.sidecar.testing.ProxyFixture;
import io.dbwarden.sidecar.testing.RecordingAuditSink;
import io.dbwarden.sidecar.testing.SimpleQueryClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Strict mode: while the audit file cannot be written (here it is {@code /dev/full}, a disk that is
 * always full), statements are refused with 53000 and a message naming the problem; once the file
 * can be written again, statements run, and the records queued meanwhile are in the file with an
 * unbroken chain. A statement whose intent record the sink does not take is refused too.
 */
@ExtendWith(PostgresExtension.class)
class AuditStrictIT {

  @TempDir static Path dir;
  private static ProxyFixture proxy;
  private static JsonLinesAuditSink sink;
  private static Path file;

  @BeforeAll
  static void start(EmbeddedPostgres postgres) throws Exception {
    file = dir.resolve("audit.jsonl");
    Files.createSymbolicLink(file, Path.of("/dev/full"));
    sink =
        new JsonLinesAuditSink(
            new RotatingFileAuditOutput(file, 1 << 20, 3), 10_000, Duration.ofMillis(50));
    proxy = ProxyFixture.builder(postgres).audit(sink, AuditMode.STRICT).start();
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
  void statementsAreRefusedWhileTheSinkCannotWriteAndRunAgainOnceItCan() throws Exception {
    try (SimpleQueryClient client =
        SimpleQueryClient.connect(
            proxy.address(), ProxyFixture.ALICE, ProxyFixture.ALICE_PASSWORD, "shop")) {
      // The connection's own records fail to be written: from then on, nothing runs.
      await().atMost(Duration.ofSeconds(10)).until(() -> sink.failure() != null);
      SimpleQueryClient.Outcome refused = client.run("SELECT count(*) FROM customers");
      assertThat(refused.sqlState()).isEqualTo("53000");
      assertThat(refused.error())
          .contains("audit sink cannot write")
          .contains("audit file " + file)
          .contains("No space left on device")
          .contains("strict");
      // The connection stays usable and keeps being refused while the sink fails.
      assertThat(client.run("SELECT 2").sqlState()).isEqualTo("53000");

      // The disk has room again.
      Files.delete(file);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(client.run("SELECT 3").failed()).isFalse());
      assertThat(sink.failure()).isNull();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> sink.queued() == 0);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Files.readString(file).contains("\"event\":\"closed\""));
    assertThat(new AuditVerifier(false).verify(List.of(file)).intact()).isTrue();
    List<JsonNode> records = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      records.add(AuditJson.mapper().readTree(line));
    }
    // Nothing accepted while the file was full was lost: the connection's records and the
    // refusals are there, in order.
    assertThat(records.get(0).path("event").asText()).isEqualTo("accepted");
    assertThat(
            records.stream()
                .filter(r -> "completed".equals(r.path("event").asText()))
                .map(
                    r ->
                        r.path("decision").path("rule").asText()
                            + " "
                            + r.path("result").path("sqlstate").asText()))
        .contains("audit-unavailable 53000");
    assertThat(records.stream().map(r -> r.path("event").asText())).doesNotContain("dropped");
  }

  @Test
  void aStatementWhoseIntentRecordIsNotTakenIsRefusedUnderTheSameNumber(EmbeddedPostgres postgres)
      throws Exception {
    RecordingAuditSink taken = new RecordingAuditSink();
    // A queue with room for everything but the first intent record.
    AuditSink full =
        new AuditSink() {
          private boolean refusedOne;

          @Override
          public boolean record(AuditEvent event) {
            if (!refusedOne && "intent".equals(event.event())) {
              refusedOne = true;
              return false;
            }
            return taken.record(event);
          }

          @Override
          public void close() {}
        };
    try (ProxyFixture queueFull =
            ProxyFixture.builder(postgres).audit(full, AuditMode.STRICT).start();
        SimpleQueryClient client =
            SimpleQueryClient.connect(
                queueFull.address(), ProxyFixture.ALICE, ProxyFixture.ALICE_PASSWORD, "shop")) {
      SimpleQueryClient.Outcome refused = client.run("SELECT 1");
      assertThat(refused.sqlState()).isEqualTo("53000");
      assertThat(refused.error()).contains("its queue is full");
      assertThat(client.run("SELECT 2").failed()).isFalse();
    }
    List<AuditEvent> statements = taken.matching(e -> "statement".equals(e.type()));
    assertThat(statements)
        .extracting(e -> e.event() + " " + e.statement().seq() + " " + e.decision().rule())
        .containsExactly(
            "intent 1 audit-unavailable",
            "completed 1 audit-unavailable",
            "intent 2 null",
            "completed 2 null");
  }
}
