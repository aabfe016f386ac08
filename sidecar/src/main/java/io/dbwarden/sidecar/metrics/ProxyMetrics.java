package io.dbwarden.sidecar.metrics;

import io.dbwarden.sidecar.admin.AdminResponse;
import io.dbwarden.sidecar.admin.AdminRoutes;
import io.dbwarden.sidecar.audit.AuditGuard;
import io.dbwarden.sidecar.audit.AuditSink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The proxy's metrics. Meters on the statement path are created once and looked up without
 * allocating, so recording costs a few atomic adds on the event loop.
 *
 * <p>Prometheus names: {@code dbwarden_connections_active}, {@code dbwarden_connections_total},
 * {@code dbwarden_connections_refused_total{sqlstate}}, {@code
 * dbwarden_authentication_failures_total{reason}}, {@code
 * dbwarden_statements_total{operation,decision}}, {@code dbwarden_statement_proxy_seconds} and
 * {@code dbwarden_statement_database_seconds} (histograms), {@code dbwarden_masked_values_total},
 * {@code dbwarden_approvals_pending}, {@code dbwarden_audit_queue_depth}, {@code
 * dbwarden_audit_dropped_total}, {@code dbwarden_audit_written_total}, {@code
 * dbwarden_audit_write_failures_total}, {@code dbwarden_audit_healthy}, {@code
 * dbwarden_audit_strict}, {@code dbwarden_audit_refused_statements_total}, {@code
 * dbwarden_policy_info{policy,version}}, {@code dbwarden_policy_loads_total{result}}, and the JVM's
 * own.
 */
public final class ProxyMetrics {

  /** Decisions, as spelled in audit records and the {@code decision} label. */
  private static final String[] DECISIONS = {"allow", "deny", "mask", "approval_required"};

  private static final int DENY = 1;

  /** Histogram buckets: from tens of microseconds (proxy work) to seconds (slow queries). */
  private static final Duration[] BUCKETS = {
    Duration.ofNanos(25_000),
    Duration.ofNanos(50_000),
    Duration.ofNanos(100_000),
    Duration.ofNanos(250_000),
    Duration.ofNanos(500_000),
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(2),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30)
  };

  private final MeterRegistry registry;
  private final PrometheusMeterRegistry prometheus;
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicInteger approvalsPending = new AtomicInteger();
  private final Counter accepted;
  private final Counter masked;
  private final Counter auditRefused;
  private final Timer proxyTime;
  private final Timer databaseTime;
  private final Map<String, Counter[]> statements = new ConcurrentHashMap<>();
  private final Map<String, Counter> refused = new ConcurrentHashMap<>();
  private final Map<String, Counter> authenticationFailures = new ConcurrentHashMap<>();
  private final LongAdder statementsTotal = new LongAdder();
  private final LongAdder deniedTotal = new LongAdder();
  private final LongAdder maskedTotal = new LongAdder();
  private volatile Instant lastDenied;
  private volatile Meter.Id policyInfo;

  private ProxyMetrics(MeterRegistry registry, PrometheusMeterRegistry prometheus) {
    this.registry = registry;
    this.prometheus = prometheus;
    Gauge.builder("dbwarden.connections.active", active, AtomicInteger::get)
        .description("Client connections with a session (authenticated and connected upstream)")
        .register(registry);
    accepted =
        Counter.builder("dbwarden.connections")
            .description("Client connections accepted")
            .register(registry);
    masked =
        Counter.builder("dbwarden.masked.values")
            .description("Values the proxy masked in result rows")
            .register(registry);
    auditRefused =
        Counter.builder("dbwarden.audit.refused.statements")
            .description("Statements refused because the audit sink could not write (strict mode)")
            .register(registry);
    proxyTime =
        Timer.builder("dbwarden.statement.proxy")
            .description(
                "Time a statement spent in the proxy: judging it before sending it, and"
                    + " transforming its rows")
            .serviceLevelObjectives(BUCKETS)
            .register(registry);
    databaseTime =
        Timer.builder("dbwarden.statement.database")
            .description(
                "The rest of a statement's time: the database, the network, and the client taking"
                    + " the rows")
            .serviceLevelObjectives(BUCKETS)
            .register(registry);
    Gauge.builder("dbwarden.approvals.pending", approvalsPending, AtomicInteger::get)
        .description("Statements waiting for an approval")
        .register(registry);
  }

  /** Metrics in a Prometheus registry, with the JVM's own, served by {@link #install}. */
  public static ProxyMetrics prometheus() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(prometheus);
    new JvmThreadMetrics().bindTo(prometheus);
    new ProcessorMetrics().bindTo(prometheus);
    new UptimeMetrics().bindTo(prometheus);
    return new ProxyMetrics(prometheus, prometheus);
  }

  /** Metrics that record nothing (a registry without backends). */
  public static ProxyMetrics none() {
    return new ProxyMetrics(new CompositeMeterRegistry(), null);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Serves {@code /metrics} in the Prometheus text format. */
  public void install(AdminRoutes routes) {
    Objects.requireNonNull(prometheus, "these metrics have no Prometheus registry");
    routes.register(
        "/metrics",
        request ->
            new AdminResponse(
                200,
                "text/plain; version=0.0.4; charset=utf-8",
                prometheus.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  // ---- connections

  public void connectionAccepted() {
    accepted.increment();
  }

  public void sessionOpened() {
    active.incrementAndGet();
  }

  public void sessionClosed() {
    active.decrementAndGet();
  }

  /** A connection refused before it became a session, with the SQLSTATE the client got. */
  public void connectionRefused(String sqlState) {
    String code = sqlState == null ? "unknown" : sqlState;
    refused
        .computeIfAbsent(
            code,
            c ->
                Counter.builder("dbwarden.connections.refused")
                    .description("Client connections refused, by the SQLSTATE the client got")
                    .tag("sqlstate", c)
                    .register(registry))
        .increment();
    if (code.startsWith("28")) {
      authenticationFailed(
          switch (code) {
            case "28P01" -> "invalid_password";
            case "28000" -> "invalid_authorization";
            default -> code;
          });
    }
  }

  private void authenticationFailed(String reason) {
    authenticationFailures
        .computeIfAbsent(
            reason,
            r ->
                Counter.builder("dbwarden.authentication.failures")
                    .description(
                        "Failed client authentications: invalid_password (wrong password, bad or"
                            + " expired token, unknown user), invalid_authorization (TLS required,"
                            + " wrong audience, missing claims)")
                    .tag("reason", r)
                    .register(registry))
        .increment();
  }

  // ---- statements

  /**
   * One statement completed.
   *
   * @param operation SELECT, INSERT..., or {@code unknown} when it was not analysed
   * @param decision allow, deny, mask or approval_required
   */
  public void statement(
      String operation, String decision, long proxyNanos, long databaseNanos, long maskedValues) {
    Counter[] byDecision = statements.get(operation);
    if (byDecision == null) {
      byDecision = statements.computeIfAbsent(operation, this::statementCounters);
    }
    int index = decisionIndex(decision);
    byDecision[index].increment();
    statementsTotal.increment();
    if (index == DENY) {
      deniedTotal.increment();
      lastDenied = Instant.now();
    }
    proxyTime.record(proxyNanos, TimeUnit.NANOSECONDS);
    databaseTime.record(databaseNanos, TimeUnit.NANOSECONDS);
    if (maskedValues > 0) {
      masked.increment(maskedValues);
      maskedTotal.add(maskedValues);
    }
  }

  /** Everything counted since the proxy started, for the audit summaries sent to the operator. */
  public AuditTotals totals() {
    return new AuditTotals(statementsTotal.sum(), deniedTotal.sum(), maskedTotal.sum(), lastDenied);
  }

  private Counter[] statementCounters(String operation) {
    Counter[] counters = new Counter[DECISIONS.length];
    for (int i = 0; i < DECISIONS.length; i++) {
      counters[i] =
          Counter.builder("dbwarden.statements")
              .description("Statements, by operation and decision")
              .tag("operation", operation)
              .tag("decision", DECISIONS[i])
              .register(registry);
    }
    return counters;
  }

  private static int decisionIndex(String decision) {
    return switch (decision) {
      case "allow" -> 0;
      case "deny" -> DENY;
      case "mask" -> 2;
      default -> 3;
    };
  }

  /** A statement refused because the audit sink could not write. */
  public void auditRefusal() {
    auditRefused.increment();
  }

  /** Statements waiting for approval, kept by the approvals client. */
  public AtomicInteger approvalsPending() {
    return approvalsPending;
  }

  // ---- audit and policy

  /** Reports the audit sink's queue, losses and health. */
  public void bindAudit(AuditGuard guard) {
    AuditSink sink = guard.sink();
    Gauge.builder("dbwarden.audit.queue.depth", sink, AuditSink::queued)
        .description("Audit events accepted and not yet written")
        .register(registry);
    FunctionCounter.builder("dbwarden.audit.dropped", sink, AuditSink::dropped)
        .description("Audit events lost (queue full, or output failing at shutdown)")
        .register(registry);
    FunctionCounter.builder("dbwarden.audit.written", sink, AuditSink::written)
        .description("Audit events written")
        .register(registry);
    FunctionCounter.builder("dbwarden.audit.write.failures", sink, AuditSink::failedWrites)
        .description("Audit writes that failed (each is retried)")
        .register(registry);
    Gauge.builder("dbwarden.audit.healthy", sink, s -> s.failure() == null ? 1 : 0)
        .description("1 while the audit sink writes, 0 while it fails")
        .register(registry);
    Gauge.builder("dbwarden.audit.strict", guard, g -> g.strict() ? 1 : 0)
        .description("1 when statements are refused while the audit sink fails")
        .register(registry);
  }

  /** The policy in force changed: {@code dbwarden_policy_info{policy,version} 1}. */
  public synchronized void policyLoaded(String name, String version) {
    if (policyInfo != null) {
      registry.remove(policyInfo);
    }
    policyInfo =
        Gauge.builder("dbwarden.policy.info", () -> 1.0)
            .description("The policy in force and its version")
            .tag("policy", name == null ? "" : name)
            .tag("version", version == null ? "" : version)
            .register(registry)
            .getId();
    policyLoad("loaded");
  }

  /** A policy was rejected; the last good one stays in force. */
  public void policyRejected() {
    policyLoad("rejected");
  }

  private void policyLoad(String result) {
    Counter.builder("dbwarden.policy.loads")
        .description("Policies loaded and rejected")
        .tag("result", result.toLowerCase(Locale.ROOT))
        .register(registry)
        .increment();
  }
}
