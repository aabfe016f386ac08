package io.dbwarden.sidecar.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.dbwarden.sidecar.admin.AdminResponse;
import io.dbwarden.sidecar.admin.AdminRoutes;
import io.dbwarden.sidecar.admin.AdminServer;
import io.dbwarden.sidecar.admin.Health;
import io.dbwarden.sidecar.approval.ApprovalAdmin;
import io.dbwarden.sidecar.approval.GrantStore;
import io.dbwarden.sidecar.audit.AuditEvents;
import io.dbwarden.sidecar.audit.AuditGuard;
import io.dbwarden.sidecar.catalog.CatalogService;
import io.dbwarden.sidecar.masking.classify.CatalogReport;
import io.dbwarden.sidecar.metrics.ProxyMetrics;
import io.dbwarden.sidecar.policy.PolicySet;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What run and demo share around the proxy: the audit guard, the metrics, the readiness checks, the
 * admin server, and recording policy changes in all of them.
 */
final class Operations implements AutoCloseable {

  private static final ObjectWriter CATALOG_JSON =
      new ObjectMapper().writerWithDefaultPrettyPrinter();

  private static final System.Logger LOG = System.getLogger(Operations.class.getName());

  private final AuditGuard guard;
  private final ProxyMetrics metrics = ProxyMetrics.prometheus();
  private final Health health = new Health();
  private final AdminRoutes routes = new AdminRoutes();
  private volatile PolicySet policy;
  private volatile boolean passThrough;
  private volatile String withoutPolicy = "no policy loaded yet";
  private AdminServer admin;

  Operations(AuditGuard guard, InetSocketAddress upstream) {
    this.guard = guard;
    metrics.bindAudit(guard);
    health.check(
        "policy",
        () -> {
          PolicySet current = policy;
          if (current != null) {
            return Health.Check.ok(current.name() + " version " + current.version());
          }
          return passThrough
              ? Health.Check.ok("none: pass-through, every statement is allowed")
              : Health.Check.failed(withoutPolicy);
        });
    health.check("upstream", Health.reachable("the database", upstream, Duration.ofSeconds(1)));
    health.check(
        "audit",
        () -> {
          String failure = guard.sink().failure();
          String mode = guard.strict() ? "strict" : "best-effort";
          if (failure == null) {
            return Health.Check.ok("writing (" + mode + ")");
          }
          // In best-effort mode traffic goes on, so the proxy stays ready.
          return guard.strict()
              ? Health.Check.failed("cannot write, statements are refused: " + failure)
              : Health.Check.ok("cannot write, records are lost (best-effort): " + failure);
        });
    metrics.install(routes);
    health.install(routes);
  }

  AuditGuard guard() {
    return guard;
  }

  ProxyMetrics metrics() {
    return metrics;
  }

  AdminRoutes routes() {
    return routes;
  }

  /** No policy: every statement is allowed, and the proxy is ready without one. */
  void passThrough() {
    passThrough = true;
  }

  /** Policies were put in force. */
  void policyLoaded(PolicySet policies, String source) {
    policy = policies;
    guard.policyMode(policies.auditMode());
    metrics.policyLoaded(policies.name(), policies.version());
    guard.sink().record(AuditEvents.policyLoaded(policies.name(), policies.version(), source));
  }

  /** No policy applies any more: every statement is refused, and the proxy is not ready. */
  void policyCleared(String source) {
    policy = null;
    withoutPolicy = "no DatabasePolicy selects this pod (" + source + ")";
    guard.sink().record(AuditEvents.policyLoaded(null, null, source));
  }

  /**
   * Reports the operator stream's state on {@code /readyz}, for the reader's information: while it
   * is down the policy in force stays in force, so the proxy stays ready.
   */
  void operatorStream(Supplier<String> state) {
    health.check("operator", () -> Health.Check.ok(state.get()));
  }

  /** A policy was rejected; the one in force stays. */
  void policyRejected(String name, String source, List<String> problems) {
    metrics.policyRejected();
    guard
        .sink()
        .record(
            AuditEvents.policyRejected(
                name, policy == null ? null : policy.version(), source, problems));
  }

  /**
   * {@code GET /catalog?database=NAME}: what automatic classification found in a database and why,
   * as JSON ({@code database} may be left out when there is a default).
   */
  void serveCatalog(CatalogService catalogs, String defaultDatabase) {
    routes.register(
        "/catalog",
        request -> {
          String database = request.parameter("database");
          if (database == null) {
            database = defaultDatabase;
          }
          if (database == null) {
            return AdminResponse.json(
                400, "{\"error\":\"give the database: /catalog?database=NAME\"}\n");
          }
          List<Map<String, Object>> report =
              CatalogReport.of(catalogs, database).get(30, TimeUnit.SECONDS);
          return AdminResponse.json(200, CATALOG_JSON.writeValueAsString(report) + "\n");
        });
  }

  /**
   * Serves the approvals of a proxy without Kubernetes on the admin port; deciding one takes the
   * token in {@code tokenFile} (created when missing) and an approver of the policy whose rule held
   * the statement.
   */
  void serveApprovals(GrantStore store, Path tokenFile, Supplier<PolicySet> policy)
      throws java.io.IOException {
    String token = AdminToken.readOrCreate(tokenFile);
    new ApprovalAdmin(
            store,
            token,
            (approver, holding) ->
                policy.get().members().stream()
                    .filter(p -> p.name().equals(holding))
                    .flatMap(p -> p.approvals().approvers().stream())
                    .anyMatch(s -> s.matches(approver)),
            grant ->
                guard.sink().record(AuditEvents.approvalDecided(grant, policy.get().version())))
        .register(routes);
  }

  /** Starts the admin server, unless {@code listen} is {@code off}. */
  InetSocketAddress startAdmin(String listen) {
    if (listen == null || listen.equalsIgnoreCase("off")) {
      return null;
    }
    InetSocketAddress parsed = new HostPortConverter().convert(listen);
    admin =
        AdminServer.start(new InetSocketAddress(parsed.getHostString(), parsed.getPort()), routes);
    return admin.address();
  }

  @Override
  public void close() {
    if (admin != null) {
      try {
        admin.close();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "stopping the admin server: {0}", e.toString());
      }
    }
  }
}
