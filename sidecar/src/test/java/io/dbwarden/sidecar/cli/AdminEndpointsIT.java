package io.dbwarden.sidecar.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbwarden.api.policy.AuditMode;
import io.dbwarden.sidecar.admin.AdminRoutes;
import io.dbwarden.sidecar.admin.AdminServer;
import io.dbwarden.sidecar.admin.Health;
import io.dbwarden.sidecar.audit.AuditGuard;
import io.dbwarden.sidecar.demo.DemoPolicy;
import io.dbwarden.sidecar.demo.EmbeddedPostgres;
import io.dbwarden.sidecar.policy.CompiledPolicy;
import io.dbwarden.sidecar.policy.PolicySet;
import io.dbwarden.sidecar.testing.PostgresExtension;
import io.dbwarden.sidecar.testing.ProxyFixture;
import io.dbwarden.sidecar.testing.RecordingAuditSink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin port as {@code run} and {@code demo} set it up, scraped over HTTP: Prometheus metrics
 * after real traffic, liveness, readiness, and routes added through the registry.
 */
@ExtendWith(PostgresExtension.class)
class AdminEndpointsIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Operations operations;
  private static ProxyFixture proxy;
  private static RecordingAuditSink sink;
  private static CompiledPolicy policy;
  private static String base;

  @BeforeAll
  static void start(EmbeddedPostgres postgres) {
    sink = new RecordingAuditSink();
    operations = new Operations(new AuditGuard(sink, AuditMode.BEST_EFFORT), postgres.address());
    policy = DemoPolicy.compiled();
    proxy =
        ProxyFixture.builder(postgres)
            .policy(policy)
            .guard(operations.guard())
            .metrics(operations.metrics())
            .start();
    operations.policyLoaded(PolicySet.of(policy), "built-in demo policy");
    InetSocketAddress admin = operations.startAdmin("127.0.0.1:0");
    base = "http://127.0.0.1:" + admin.getPort();
  }

  @AfterAll
  static void stop() {
    if (proxy != null) {
      proxy.close();
    }
    if (operations != null) {
      operations.close();
    }
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metricsCountConnectionsStatementsDecisionsLatencyAndTheAudit() throws Exception {
    try (Connection c = proxy.connect();
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM customers")) {
        rs.next();
      }
      assertThatThrownBy(() -> s.executeQuery("SELECT * FROM api_keys"))
          .isInstanceOf(SQLException.class);
    }
    assertThatThrownBy(() -> proxy.connect(ProxyFixture.ALICE, "wrong", ""))
        .isInstanceOf(SQLException.class);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(get("/metrics").body()).contains("dbwarden_connections_active 0.0"));
    HttpResponse<String> response = get("/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type").orElse(""))
        .startsWith("text/plain; version=0.0.4");
    String metrics = response.body();
    assertThat(metrics)
        .contains("dbwarden_connections_total 2.0")
        .contains("dbwarden_connections_refused_total{sqlstate=\"28P01\"} 1.0")
        .contains("dbwarden_authentication_failures_total{reason=\"invalid_password\"} 1.0")
        .contains("dbwarden_statements_total{decision=\"allow\",operation=\"SELECT\"} 1.0")
        .contains("dbwarden_statements_total{decision=\"deny\",operation=\"SELECT\"} 1.0")
        .contains("dbwarden_statement_proxy_seconds_bucket{le=")
        .contains("dbwarden_statement_database_seconds_count")
        .contains("dbwarden_masked_values_total 0.0")
        .contains("dbwarden_approvals_pending 0.0")
        .contains("dbwarden_audit_queue_depth 0.0")
        .contains("dbwarden_audit_dropped_total 0.0")
        .contains("dbwarden_audit_healthy 1.0")
        .contains("dbwarden_audit_strict 1.0")
        .contains(
            "dbwarden_policy_info{policy=\"shop-demo\",version=\"" + policy.version() + "\"} 1")
        .contains("dbwarden_policy_loads_total{result=\"loaded\"} 1.0")
        .contains("jvm_memory_used_bytes");
  }

  @Test
  void healthAndReadiness() throws Exception {
    HttpResponse<String> health = get("/healthz");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("alive");
    HttpResponse<String> ready = get("/readyz");
    assertThat(ready.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(ready.body());
    assertThat(body.path("status").asText()).isEqualTo("ready");
    assertThat(body.path("checks").path("policy").path("detail").asText())
        .isEqualTo("shop-demo version " + policy.version());
    assertThat(body.path("checks").path("upstream").path("ok").asBoolean()).isTrue();
    assertThat(body.path("checks").path("audit").path("detail").asText())
        .isEqualTo("writing (strict)");
    assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
    HttpResponse<String> post =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/metrics"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }

  @Test
  void notReadyWhenTheDatabaseCannotBeReachedSayingWhy() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    AdminRoutes routes = new AdminRoutes();
    new Health()
        .check(
            "upstream",
            Health.reachable(
                "the database",
                new InetSocketAddress("127.0.0.1", closedPort),
                Duration.ofSeconds(1)))
        .install(routes);
    try (AdminServer server = AdminServer.start(new InetSocketAddress("127.0.0.1", 0), routes)) {
      HttpResponse<String> ready =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + server.address().getPort() + "/readyz"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).isEqualTo(503);
      JsonNode body = JSON.readTree(ready.body());
      assertThat(body.path("status").asText()).isEqualTo("not ready");
      assertThat(body.path("checks").path("upstream").path("detail").asText())
          .startsWith("cannot reach the database at 127.0.0.1:" + closedPort);
    }
  }

  @Test
  void policyLoadsAndRejectionsAreRecordedAndCounted() throws Exception {
    assertThat(sink.matching(e -> "policy".equals(e.type()) && "loaded".equals(e.event())))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.policy().name()).isEqualTo("shop-demo");
              assertThat(e.policy().source()).isEqualTo("built-in demo policy");
              assertThat(e.policyVersion()).isEqualTo(policy.version());
            });
    operations.policyRejected(
        null, "policy.yaml", List.of("policy.yaml: spec.rules[0].operations[0]: unknown"));
    assertThat(sink.matching(e -> "policy".equals(e.type()) && "rejected".equals(e.event())))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.policy().problems()).singleElement().asString().contains("unknown");
              assertThat(e.policyVersion()).as("still in force").isEqualTo(policy.version());
            });
    assertThat(get("/metrics").body())
        .contains("dbwarden_policy_loads_total{result=\"rejected\"} 1.0");
  }

  @Test
  void theCatalogRouteShowsWhatClassificationFoundAndWhy() throws Exception {
    operations.serveCatalog(proxy.engine().catalogs(), null);
    assertThat(get("/catalog").statusCode()).isEqualTo(400);
    HttpResponse<String> catalog = get("/catalog?database=shop");
    assertThat(catalog.statusCode()).isEqualTo(200);
    assertThat(catalog.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(catalog.body()).contains("public.customers").contains("ssn").contains("email");
    assertThatThrownBy(() -> operations.routes().register("/metrics", request -> null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
