package io.dbwarden.sidecar.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbwarden.api.audit.AuditEvent;
import io.dbwarden.api.audit.AuditEvent.StatementInfo;
import io.dbwarden.sidecar.identity.Identity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hash chain as written by the sink and proven by the verifier: canonical lines, rotation,
 * restarts, and every kind of break; and the sink's behaviour when its output fails.
 */
class AuditChainTest {

  @TempDir Path dir;

  private static final AuditEvents.Connection ALICE =
      new AuditEvents.Connection(
          "s-1",
          new Identity(
              Identity.Kind.User, "alice", List.of("analysts"), null, Identity.Method.SCRAM),
          "127.0.0.1:5000",
          "psql",
          "shop");

  private static AuditEvent statement(long seq, String sql) {
    return AuditEvents.intent(
        ALICE,
        new StatementInfo(seq, sql, null, null, "simple", null, null, null, null, null, null),
        new AuditEvent.DecisionInfo("allow", null, null),
        null);
  }

  /** Writes {@code count} records through a sink and closes it. */
  private Path write(Path file, long maxBytes, int count) {
    RotatingFileAuditOutput output = new RotatingFileAuditOutput(file, maxBytes, 20);
    try (JsonLinesAuditSink sink = new JsonLinesAuditSink(output)) {
      for (int i = 1; i <= count; i++) {
        assertThat(sink.record(statement(i, "select " + i))).isTrue();
      }
    }
    return file;
  }

  private AuditVerifier.Result verify(Path... files) throws IOException {
    return new AuditVerifier(false).verify(List.of(files));
  }

  private static List<String> lines(Path file) throws IOException {
    return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  private static void rewrite(Path file, List<String> lines) throws IOException {
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  @Test
  void aWrittenLineWithoutItsHashIsItsCanonicalForm() throws IOException {
    Path file = write(dir.resolve("audit.jsonl"), 1 << 20, 3);
    List<String> lines = lines(file);
    assertThat(lines).hasSize(3);
    String previous = AuditEvent.GENESIS_HASH;
    for (String line : lines) {
      ObjectNode record = (ObjectNode) AuditJson.mapper().readTree(line);
      String hash = record.remove("hash").asText();
      byte[] canonical = AuditJson.canonical(record);
      assertThat(new String(canonical, StandardCharsets.UTF_8))
          .isEqualTo(line.replace(",\"hash\":\"" + hash + "\"", ""));
      assertThat(record.get("prev_hash").asText()).isEqualTo(previous);
      assertThat(hash).isEqualTo(AuditJson.hash(previous, canonical)).matches("[0-9a-f]{64}");
      previous = hash;
    }
    AuditVerifier.Result result = verify(file);
    assertThat(result.intact()).isTrue();
    assertThat(result.records()).isEqualTo(3);
    assertThat(result.startsFrom()).isEqualTo(AuditEvent.GENESIS_HASH);
    assertThat(result.lastHash()).isEqualTo(previous);
  }

  @Test
  void rawStatementTextIsRedactedBeforeItIsWritten() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    try (JsonLinesAuditSink sink =
        new JsonLinesAuditSink(new RotatingFileAuditOutput(file, 1 << 20, 1))) {
      sink.record(statement(1, "SELECT * FROM customers WHERE email = 'ann@example.com'"));
    }
    JsonNode record = AuditJson.mapper().readTree(lines(file).get(0));
    assertThat(record.path("statement").path("text").asText())
        .isEqualTo("SELECT * FROM customers WHERE email = $1");
    assertThat(record.path("statement").path("fingerprint").asText()).matches("[0-9a-f]{16}");
    assertThat(lines(file).get(0)).doesNotContain("ann@example.com");
  }

  @Test
  void aRecordThatCannotBeSerializedIsDroppedWholeAndTheChainGoesOn() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    Map<String, String> nullKey = new HashMap<>();
    nullKey.put(null, "x");
    AuditEvent unwritable =
        AuditEvents.intent(
            ALICE,
            new StatementInfo(
                2L, "select 2", null, null, "simple", null, null, null, null, null, nullKey),
            new AuditEvent.DecisionInfo("allow", null, null),
            null);
    JsonLinesAuditSink sink = new JsonLinesAuditSink(new RotatingFileAuditOutput(file, 1 << 20, 1));
    try (sink) {
      sink.record(statement(1, "select 1"));
      sink.record(unwritable);
      sink.record(statement(3, "select 3"));
    }
    assertThat(sink.dropped()).isEqualTo(1);
    assertThat(lines(file)).hasSize(2).allSatisfy(line -> assertThat(line).contains("\"seq\":"));
    assertThat(verify(file).intact()).isTrue();
  }

  @Test
  void theChainRunsOnAcrossRotationAndRestarts() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    RotatingFileAuditOutput output = new RotatingFileAuditOutput(file, 3000, 20);
    write(file, 3000, 12);
    // A second run appends to the same file and continues the chain.
    write(file, 3000, 12);
    List<Path> files = new ArrayList<>();
    for (int n = 20; n >= 1; n--) {
      if (Files.exists(output.rotated(n))) {
        files.add(output.rotated(n));
      }
    }
    files.add(file);
    assertThat(files).hasSizeGreaterThan(3);
    for (Path f : files) {
      assertThat(Files.size(f)).isLessThanOrEqualTo(3000);
    }
    AuditVerifier.Result result = new AuditVerifier(false).verify(files);
    assertThat(result.broken()).isNull();
    assertThat(result.records()).isEqualTo(24);
    // Without the oldest file, the chain starts mid-way: refused unless allowed.
    List<Path> newer = files.subList(1, files.size());
    AuditVerifier.Result partial = new AuditVerifier(false).verify(newer);
    assertThat(partial.broken().kind()).isEqualTo(AuditVerifier.Kind.STARTS_MID_CHAIN);
    assertThat(partial.broken().at()).isEqualTo(new AuditVerifier.Position(newer.get(0), 1));
    assertThat(new AuditVerifier(true).verify(newer).intact()).isTrue();
    // Files in the wrong order are out of order.
    List<Path> swapped = new ArrayList<>(files);
    java.util.Collections.swap(swapped, 1, 2);
    AuditVerifier.Result reordered = new AuditVerifier(false).verify(swapped);
    assertThat(reordered.broken().kind()).isEqualTo(AuditVerifier.Kind.REORDERED);
  }

  @Test
  void aLineCutShortByACrashIsCutOffAndTheChainGoesOn() throws IOException {
    Path file = write(dir.resolve("audit.jsonl"), 1 << 20, 3);
    String whole = Files.readString(file, StandardCharsets.UTF_8);
    Files.writeString(file, whole + "{\"client\":{\"addr\":\"127.0", StandardCharsets.UTF_8);
    write(file, 1 << 20, 2);
    assertThat(lines(file)).hasSize(5);
    assertThat(verify(file).intact()).isTrue();
  }

  @Test
  void aRemovedRecordIsFoundWithItsFileAndLine() throws IOException {
    Path file = write(dir.resolve("audit.jsonl"), 1 << 20, 6);
    List<String> lines = lines(file);
    lines.remove(3);
    rewrite(file, lines);
    AuditVerifier.Result result = verify(file);
    assertThat(result.broken().kind()).isEqualTo(AuditVerifier.Kind.REMOVED);
    assertThat(result.broken().at()).isEqualTo(new AuditVerifier.Position(file, 4));
    assertThat(result.records()).isEqualTo(3);
  }

  @Test
  void anAlteredRecordIsFound() throws IOException {
    Path file = write(dir.resolve("audit.jsonl"), 1 << 20, 6);
    List<String> lines = lines(file);
    lines.set(2, lines.get(2).replace("\"name\":\"alice\"", "\"name\":\"mallory\""));
    rewrite(file, lines);
    AuditVerifier.Result result = verify(file);
    assertThat(result.broken().kind()).isEqualTo(AuditVerifier.Kind.ALTERED);
    assertThat(result.broken().at().line()).isEqualTo(3);
  }

  @Test
  void reformattingARecordIsNotAnAlteration() throws IOException {
    Path file = write(dir.resolve("audit.jsonl"), 1 << 20, 3);
    List<String> lines = lines(file);
    // Keys in another order and spaces, as another tool might write the same record.
    JsonNode record = AuditJson.mapper().readTree(lines.get(1));
    lines.set(1, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(record));
    lines.set(1, lines.get(1).replace(",", ", "));
    rewrite(file, lines);
    assertThat(verify(file).intact()).isTrue();
  }

  @Test
  void reorderedRecordsAreFound() throws IOException {
    Path file = write(dir.resolve("audit.jsonl"), 1 << 20, 6);
    List<String> lines = lines(file);
    java.util.Collections.swap(lines, 2, 3);
    rewrite(file, lines);
    AuditVerifier.Result result = verify(file);
    assertThat(result.broken().kind()).isEqualTo(AuditVerifier.Kind.REORDERED);
    assertThat(result.broken().at().line()).isEqualTo(3);
    assertThat(result.broken().message()).contains(file + ":4");
  }

  @Test
  void aRepeatedRecordIsFound() throws IOException {
    Path file = write(dir.resolve("audit.jsonl"), 1 << 20, 4);
    List<String> lines = lines(file);
    lines.add(2, lines.get(1));
    rewrite(file, lines);
    AuditVerifier.Result result = verify(file);
    assertThat(result.broken().kind()).isEqualTo(AuditVerifier.Kind.REPEATED);
    assertThat(result.broken().at().line()).isEqualTo(3);
  }

  @Test
  void aTruncatedLineIsMalformed() throws IOException {
    Path file = write(dir.resolve("audit.jsonl"), 1 << 20, 3);
    List<String> lines = lines(file);
    lines.set(1, lines.get(1).substring(0, 40));
    rewrite(file, lines);
    assertThat(verify(file).broken().kind()).isEqualTo(AuditVerifier.Kind.MALFORMED);
  }

  /** An output that fails while told to, and counts its appends. */
  private static final class FlakyOutput implements AuditOutput {
    final AtomicBoolean failing = new AtomicBoolean();
    final StringBuilder written = new StringBuilder();

    @Override
    public String chainHead() {
      return null;
    }

    @Override
    public synchronized void append(byte[] lines, int offset, int length) throws IOException {
      if (failing.get()) {
        throw new IOException("No space left on device");
      }
      written.append(new String(lines, offset, length, StandardCharsets.UTF_8));
    }

    @Override
    public String describe() {
      return "flaky output";
    }

    @Override
    public void close() {}

    synchronized List<String> lines() {
      return written.isEmpty() ? List.of() : List.of(written.toString().split("\n"));
    }
  }

  @Test
  void aFailingOutputIsReportedRetriedAndBoundedAndLosesNothingAccepted() throws IOException {
    FlakyOutput output = new FlakyOutput();
    try (JsonLinesAuditSink sink = new JsonLinesAuditSink(output, 8, Duration.ofMillis(20))) {
      assertThat(sink.record(statement(1, "select 1"))).isTrue();
      await().atMost(Duration.ofSeconds(5)).until(() -> sink.written() == 1);
      assertThat(sink.failure()).isNull();

      output.failing.set(true);
      assertThat(sink.record(statement(2, "select 2"))).isTrue();
      await().atMost(Duration.ofSeconds(5)).until(() -> sink.failure() != null);
      assertThat(sink.failure()).isEqualTo("flaky output: No space left on device");
      assertThat(sink.failedWrites()).isPositive();
      // The queue is bounded: what does not fit is refused and counted.
      int accepted = 0;
      for (int i = 0; i < 20; i++) {
        if (sink.record(statement(3 + i, "select"))) {
          accepted++;
        }
      }
      assertThat(accepted).isLessThanOrEqualTo(8);
      assertThat(sink.dropped()).isEqualTo(20 - accepted);
      assertThat(sink.queued()).isEqualTo(accepted);

      output.failing.set(false);
      await().atMost(Duration.ofSeconds(5)).until(() -> sink.failure() == null);
      await().atMost(Duration.ofSeconds(5)).until(() -> sink.queued() == 0);
      long expected = 2 + accepted + 1; // and the record of the loss
      await().atMost(Duration.ofSeconds(5)).until(() -> output.lines().size() == expected);
    }
    List<String> lines = output.lines();
    assertThat(lines.stream().filter(l -> l.contains("\"event\":\"dropped\""))).hasSize(1);
    Path file = dir.resolve("recovered.jsonl");
    Files.write(file, lines, StandardCharsets.UTF_8);
    assertThat(verify(file).intact()).isTrue();
  }

  @Test
  void theFileRecoversWhenItCanBeWrittenAgain() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    // /dev/full takes the file's place: every write fails with "No space left on device".
    Files.createSymbolicLink(file, Path.of("/dev/full"));
    RotatingFileAuditOutput output = new RotatingFileAuditOutput(file, 1 << 20, 2);
    try (JsonLinesAuditSink sink = new JsonLinesAuditSink(output, 100, Duration.ofMillis(20))) {
      sink.record(statement(1, "select 1"));
      await().atMost(Duration.ofSeconds(5)).until(() -> sink.failure() != null);
      assertThat(sink.failure()).startsWith("audit file " + file).contains("space");
      sink.record(statement(2, "select 2"));
      Files.delete(file);
      await().atMost(Duration.ofSeconds(5)).until(() -> sink.failure() == null);
      await().atMost(Duration.ofSeconds(5)).until(() -> sink.written() == 2);
    }
    assertThat(lines(file)).hasSize(2);
    assertThat(verify(file).intact()).isTrue();
  }
}
