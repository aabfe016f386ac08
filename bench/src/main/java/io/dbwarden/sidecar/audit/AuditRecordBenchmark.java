package io.dbwarden.sidecar.audit;

import io.dbwarden.api.audit.AuditEvent;
import io.dbwarden.api.audit.AuditEvent.ColumnLineage;
import io.dbwarden.api.audit.AuditEvent.DecisionInfo;
import io.dbwarden.api.audit.AuditEvent.ResultInfo;
import io.dbwarden.api.audit.AuditEvent.StatementInfo;
import io.dbwarden.sidecar.identity.Identity;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What auditing one statement costs: its two records (intent and completed) built as the proxy's
 * event loop builds them, then written as the sink's thread writes them (redaction of raw text,
 * canonical JSON, SHA-256 chain) into a buffer, without I/O. In the package of the sink, for its
 * package-private parts.
 *
 * <p>{@code *PassThrough}: the pass-through proxy's records, raw text with a different literal
 * every time (pgbench -M simple), redacted by the writer; {@code *Policy}: records a policy judged,
 * with redacted text, tables, columns and lineage. {@code serialize} and {@code hash}: one part of
 * the writer's work alone, for the two policy records.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AuditRecordBenchmark {

  static final String SHORT = "SELECT abalance FROM pgbench_accounts WHERE aid = ";

  private static final StatementInfo JUDGED =
      new StatementInfo(
          1L,
          SHORT + "$1",
          "6c1f0a77d2e4b9a3",
          "SELECT",
          "simple",
          List.of("public.pgbench_accounts"),
          List.of(),
          List.of("public.pgbench_accounts.abalance", "public.pgbench_accounts.aid"),
          List.of(),
          List.of(new ColumnLineage("abalance", List.of("public.pgbench_accounts.abalance"))),
          null);

  private AuditEvents.Connection connection;
  private HashChain chain;
  private StatementRedaction redaction;
  private LineBuffer lines;
  private AuditEvent[] judged;
  private byte[][] canonical;
  private long seq;

  @Setup
  public void setUp() {
    connection =
        new AuditEvents.Connection(
            "1a2311ff443-2",
            new Identity(
                Identity.Kind.User, "alice", List.of("analysts"), null, Identity.Method.SCRAM),
            "127.0.0.1:44710",
            "pgbench",
            "shop");
    chain = new HashChain(AuditEvent.GENESIS_HASH);
    redaction = new StatementRedaction();
    lines = new LineBuffer();
    judged = policyRecords();
    canonical = new byte[][] {canonical(judged[0]), canonical(judged[1])};
  }

  private AuditEvent[] passThroughRecords() {
    seq++;
    StatementInfo statement =
        new StatementInfo(
            seq, SHORT + seq % 100_000, null, null, "simple", null, null, null, null, null, null);
    DecisionInfo allow = new DecisionInfo("allow", null, null);
    return new AuditEvent[] {
      AuditEvents.intent(connection, statement, allow, null),
      AuditEvents.completed(
          connection,
          statement,
          allow,
          new ResultInfo(1L, 0L, null, null, null, null, null),
          12,
          48,
          null)
    };
  }

  private AuditEvent[] policyRecords() {
    DecisionInfo allow = new DecisionInfo("allow", "analysts-read", null);
    return new AuditEvent[] {
      AuditEvents.intent(connection, JUDGED, allow, "5c0bf0b4aa56"),
      AuditEvents.completed(
          connection,
          JUDGED,
          allow,
          new ResultInfo(1L, 0L, null, null, null, null, null),
          12,
          48,
          "5c0bf0b4aa56")
    };
  }

  private static byte[] canonical(AuditEvent record) {
    LineBuffer out = new LineBuffer();
    AuditJson.write(record, out);
    return out.toByteArray();
  }

  private int write(AuditEvent[] records) {
    lines.reset();
    for (AuditEvent record : records) {
      chain.append(redaction.apply(record), lines);
    }
    return lines.size();
  }

  /** The event loop's share for the pass-through proxy. */
  @Benchmark
  public AuditEvent[] buildPassThrough() {
    return passThroughRecords();
  }

  /** Both shares for the pass-through proxy. */
  @Benchmark
  public int statementPassThrough() {
    return write(passThroughRecords());
  }

  /** Both shares for a judged statement. */
  @Benchmark
  public int statementPolicy() {
    return write(policyRecords());
  }

  @Benchmark
  public int serialize() {
    lines.reset();
    AuditJson.write(judged[0], lines);
    AuditJson.write(judged[1], lines);
    return lines.size();
  }

  @Benchmark
  public int hash() {
    return AuditJson.hash(AuditEvent.GENESIS_HASH, canonical[0]).length()
        + AuditJson.hash(AuditEvent.GENESIS_HASH, canonical[1]).length();
  }
}
