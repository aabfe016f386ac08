package io.dbwarden.bench;

import io.dbwarden.sidecar.catalog.Catalog;
import io.dbwarden.sidecar.catalog.CatalogService;
import io.dbwarden.sidecar.demo.DemoPolicy;
import io.dbwarden.sidecar.identity.Identity;
import io.dbwarden.sidecar.policy.CheckSession;
import io.dbwarden.sidecar.policy.Decision;
import io.dbwarden.sidecar.policy.PolicyEngine;
import io.dbwarden.sidecar.policy.PolicySet;
import io.dbwarden.sidecar.policy.StatementRequest;
import io.dbwarden.sidecar.sql.analysis.AnalysisException;
import io.dbwarden.sidecar.sql.analysis.AnalysisScope;
import io.dbwarden.sidecar.sql.analysis.ParseCancellation;
import io.dbwarden.sidecar.sql.analysis.StatementAnalysis;
import io.dbwarden.sidecar.sql.analysis.StatementAnalyzer;
import io.dbwarden.sidecar.sql.lexer.SplitQuery;
import io.dbwarden.sidecar.sql.lexer.StatementSplitter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the decision step costs per statement. {@code decide*}: the whole step as the proxy runs it
 * (split, fingerprint, cache lookup, permissions, guardrails) with a different literal every time,
 * so only the fingerprint makes it a cache hit. {@code parse*}: a cache miss, the JSqlParser parse
 * and analysis alone. {@code split*}: the lexer alone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AnalysisBenchmark {

  static final String SHORT = "SELECT abalance FROM pgbench_accounts WHERE aid = ";

  static final String LONG =
      "WITH recent AS (SELECT o.customer_id, sum(i.quantity * i.unit_price) AS spent,"
          + " count(DISTINCT o.id) AS orders FROM orders o JOIN order_items i ON i.order_id = o.id"
          + " WHERE o.created_at > now() - interval '30 days' AND o.status IN ('paid', 'shipped')"
          + " GROUP BY o.customer_id), ranked AS (SELECT r.*, rank() OVER (ORDER BY r.spent DESC)"
          + " AS position FROM recent r) SELECT c.id, c.name, c.email, ranked.spent,"
          + " ranked.orders, ranked.position, (SELECT count(*) FROM support_tickets t WHERE"
          + " t.customer_id = c.id AND t.status <> 'closed') AS open_tickets FROM ranked JOIN"
          + " customers c ON c.id = ranked.customer_id LEFT JOIN LATERAL (SELECT max(created_at)"
          + " AS last_order FROM orders o2 WHERE o2.customer_id = c.id) lo ON true WHERE"
          + " ranked.position <= ";

  private PolicyEngine engine;
  private CheckSession session;
  private StatementAnalyzer analyzer;
  private AnalysisScope scope;
  private long literal;

  @Setup(Level.Trial)
  public void setUp() {
    engine =
        new PolicyEngine(
            PolicySet.of(DemoPolicy.compiled()), CatalogService.none(), Duration.ofSeconds(5));
    session =
        new CheckSession(
            new Identity(Identity.Kind.User, "bob", List.of("dba"), null, Identity.Method.SCRAM),
            "shop");
    analyzer = new StatementAnalyzer();
    scope = AnalysisScope.of(Catalog.EMPTY);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    engine.close();
  }

  private Decision decide(String prefix) throws Exception {
    String sql = prefix + (++literal % 100_000);
    return engine
        .decider()
        .decide(session, new StatementRequest(sql, StatementRequest.Protocol.SIMPLE))
        .toCompletableFuture()
        .get();
  }

  @Benchmark
  public Decision decideShortCacheHit() throws Exception {
    return decide(SHORT);
  }

  @Benchmark
  public Decision decideLongCacheHit() throws Exception {
    return decide(LONG);
  }

  @Benchmark
  public StatementAnalysis parseShortCacheMiss() throws AnalysisException {
    return analyzer.analyze(SHORT + (++literal), scope, new ParseCancellation());
  }

  @Benchmark
  public StatementAnalysis parseLongCacheMiss() throws AnalysisException {
    return analyzer.analyze(LONG + (++literal), scope, new ParseCancellation());
  }

  @Benchmark
  public SplitQuery splitShort() {
    return StatementSplitter.split(SHORT + (++literal), true);
  }

  @Benchmark
  public SplitQuery splitLong() {
    return StatementSplitter.split(LONG + (++literal), true);
  }
}
