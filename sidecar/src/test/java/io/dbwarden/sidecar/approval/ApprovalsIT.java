package io.dbwarden.sidecar.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.dbwarden.api.audit.AuditEvent;
import io.dbwarden.api.audit.AuditEvent.ApprovalInfo;
import io.dbwarden.sidecar.admin.AdminRoutes;
import io.dbwarden.sidecar.admin.AdminServer;
import io.dbwarden.sidecar.audit.AuditEvents;
import io.dbwarden.sidecar.demo.DemoPolicy;
import io.dbwarden.sidecar.demo.EmbeddedPostgres;
import io.dbwarden.sidecar.demo.SampleSchema;
import io.dbwarden.sidecar.policy.ApprovalPolicy;
import io.dbwarden.sidecar.policy.CompiledPolicy;
import io.dbwarden.sidecar.testing.MovableClock;
import io.dbwarden.sidecar.testing.PostgresExtension;
import io.dbwarden.sidecar.testing.ProxyFixture;
import io.dbwarden.sidecar.testing.SampleRows;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.util.PSQLException;

/**
 * The approval flow of a proxy without Kubernetes, under the demo policy (deleting a customer needs
 * a DBA's approval): bob's DELETE is refused with the request's name, approved through the admin
 * port by another DBA, runs once, and is held again after.
 */
@ExtendWith(PostgresExtension.class)
class ApprovalsIT {

  private static final String TOKEN = "test-admin-token";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static final MovableClock CLOCK = new MovableClock(Instant.now());
  private static final AtomicInteger NEXT_ID = new AtomicInteger(90_000);

  private static EmbeddedPostgres postgres;
  private static LocalGrantStore store;
  private static ProxyFixture proxy;
  private static ProxyFixture holding;
  private static AdminServer admin;

  @BeforeAll
  static void start(EmbeddedPostgres server) {
    postgres = server;
    store = new LocalGrantStore(CLOCK);
    CompiledPolicy policy = DemoPolicy.compiled();
    proxy =
        ProxyFixture.builder(postgres).policy(policy).approvals(ApprovalGate.local(store)).start();
    AdminRoutes routes = new AdminRoutes();
    new ApprovalAdmin(
            store,
            TOKEN,
            (approver, holding) ->
                policy.approvals().approvers().stream().anyMatch(s -> s.matches(approver)),
            grant -> proxy.audit().record(AuditEvents.approvalDecided(grant, policy.version())))
        .register(routes);
    admin = AdminServer.start(new InetSocketAddress("127.0.0.1", 0), routes);
    CompiledPolicy waiting =
        new CompiledPolicy(
            policy.name(),
            policy.version(),
            policy.defaultAllow(),
            policy.rules(),
            policy.preset(),
            policy.guardrails(),
            policy.failOpen(),
            policy.masking(),
            policy.auditParameters(),
            policy.auditMode(),
            new ApprovalPolicy(
                policy.approvals().rules(),
                policy.approvals().approvers(),
                policy.approvals().ttl(),
                Duration.ofSeconds(60)));
    holding =
        ProxyFixture.builder(postgres).policy(waiting).approvals(ApprovalGate.local(store)).start();
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {proxy, holding, admin}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // closing a test fixture
      }
    }
  }

  @Test
  void aDeleteRunsOnceAfterAnotherDbaApprovesIt() throws Exception {
    int id = newCustomer();
    String delete = "DELETE FROM customers WHERE id = " + id;
    String name = refusedWithRequest(proxy, delete);
    assertThat(store.find(name).orElseThrow().request().text())
        .isEqualTo("DELETE FROM customers WHERE id = $1");
    // the approver is told what the planner expects it to touch
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> store.find(name).orElseThrow().estimatedRows(), rows -> rows != null);
    assertThat(store.find(name).orElseThrow().estimatedRows()).isEqualTo(1);

    assertThat(decide("approve", name, "User:carol", "dba").statusCode()).isEqualTo(200);
    try (Connection c = bob(proxy);
        Statement s = c.createStatement()) {
      assertThat(s.executeUpdate(delete)).isEqualTo(1);
    }
    Grant used = store.find(name).orElseThrow();
    assertThat(used.phase()).isEqualTo(GrantPhase.EXECUTED);
    assertThat(used.decidedBy()).isEqualTo("User:carol");
    assertThat(used.executions())
        .singleElement()
        .satisfies(
            run -> {
              assertThat(run.sqlState()).isNull();
              assertThat(run.rows()).isEqualTo(1);
            });

    // maxExecutions 1: the next run asks again
    assertThat(refusedWithRequest(proxy, delete)).isEqualTo(name);
    assertThat(store.find(name).orElseThrow().phase()).isEqualTo(GrantPhase.PENDING);

    // requested, decided, executed, requested again: each approval event names the grant
    List<AuditEvent> approvals =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    proxy
                        .audit()
                        .matching(
                            e -> "approval".equals(e.type()) && name.equals(e.approval().grant())),
                events -> events.size() == 4);
    assertThat(approvals)
        .extracting(AuditEvent::event)
        .containsExactly("requested", "decided", "executed", "requested");
    assertThat(approvals.get(1).approval())
        .isEqualTo(new ApprovalInfo(name, "customer-deletes", "Approved", "User:carol"));
    assertThat(approvals.get(1).statement().text())
        .isEqualTo("DELETE FROM customers WHERE id = $1");
    assertThat(approvals.get(2).identity().name()).isEqualTo(ProxyFixture.BOB);
    assertThat(approvals.get(2).approval())
        .isEqualTo(new ApprovalInfo(name, "customer-deletes", "Approved", "User:carol"));
    assertThat(approvals.get(0).approval())
        .isEqualTo(new ApprovalInfo(name, "customer-deletes", null, null));
  }

  @Test
  void aStatementThatCallsAFunctionIsNotExplainedSincePlanningCouldRunIt() throws Exception {
    String name =
        refusedWithRequest(proxy, "DELETE FROM customers WHERE id = abs(-" + newCustomer() + ")");
    // the estimate of another request, made after this one, arrives in the meantime
    String other = refusedWithRequest(proxy, "DELETE FROM customers WHERE id = " + newCustomer());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> store.find(other).orElseThrow().estimatedRows(), rows -> rows != null);
    assertThat(store.find(name).orElseThrow().estimatedRows()).isNull();
  }

  @Test
  void anApprovalIsForTheValuesAskedForNotForTheStatementsShape() throws Exception {
    int id = newCustomer();
    String name = refusedWithRequest(proxy, "DELETE FROM customers WHERE id = " + id);
    decide("approve", name, "User:carol", "dba");
    String other = refusedWithRequest(proxy, "DELETE FROM customers WHERE id = " + newCustomer());
    assertThat(other).isNotEqualTo(name);
  }

  @Test
  void overTheExtendedProtocolEachExecuteIsApprovedForItsBoundValues() throws Exception {
    int id = newCustomer();
    int other = newCustomer();
    try (Connection c = through(proxy, "prepareThreshold=1");
        PreparedStatement delete = c.prepareStatement("DELETE FROM customers WHERE id = ?")) {
      delete.setLong(1, id);
      String name = requestNameOf(catchThrowable(delete::executeUpdate));
      // pgjdbc binds an int8 in binary
      assertThat(store.find(name).orElseThrow().request().values())
          .containsExactly(String.format("\\x%016x", id));
      decide("approve", name, "User:carol", "dba");

      // the same server-prepared statement, bound to another value, is not approved
      delete.setLong(1, other);
      assertThat(requestNameOf(catchThrowable(delete::executeUpdate))).isNotEqualTo(name);

      delete.setLong(1, id);
      assertThat(delete.executeUpdate()).isEqualTo(1);
      // one execution: running it again asks again
      assertThat(requestNameOf(catchThrowable(delete::executeUpdate))).isEqualTo(name);
    }
    assertThat(customerExists(id)).isFalse();
    assertThat(customerExists(other)).isTrue();
  }

  @Test
  void anApprovalRuleHoldsWhatThePermissionsAllowAndNothingElse() throws Exception {
    String update = "UPDATE customers SET city = 'Lyon' WHERE id = " + newCustomer();
    Throwable held = catchThrowable(() -> run(proxy, update));
    assertThat(held).hasMessageContaining("requires approval under rule \"customer-changes\"");
    // alice may not update at all: her refusal names the permissions, and asks nobody
    Throwable denied =
        catchThrowable(
            () -> {
              try (Connection c =
                      proxy.connect(ProxyFixture.ALICE, ProxyFixture.ALICE_PASSWORD, "");
                  Statement s = c.createStatement()) {
                s.executeUpdate(update);
              }
            });
    assertThat(denied).hasMessageNotContaining("approval");
    assertThat(store.list())
        .noneMatch(g -> g.request().requester().name().equals(ProxyFixture.ALICE));
  }

  @Test
  void theRequesterAndNonApproversCannotDecide() throws Exception {
    String name = refusedWithRequest(proxy, "DELETE FROM customers WHERE id = " + newCustomer());
    HttpResponse<String> self = decide("approve", name, "User:bob", "dba");
    assertThat(self.statusCode()).isEqualTo(403);
    assertThat(self.body()).contains("cannot decide it too");
    HttpResponse<String> analyst = decide("approve", name, "User:alice", "analysts");
    assertThat(analyst.statusCode()).isEqualTo(403);
    assertThat(analyst.body()).contains("not among the policy's approvers");
    HttpResponse<String> noToken =
        HTTP.send(
            HttpRequest.newBuilder(
                    adminUri("/approvals/approve?name=" + name + "&approver=User:carol"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(noToken.statusCode()).isEqualTo(401);
    assertThat(store.find(name).orElseThrow().phase()).isEqualTo(GrantPhase.PENDING);
  }

  @Test
  void aDenialIsFinalAndTheStatementNeverRuns() throws Exception {
    int id = newCustomer();
    String delete = "DELETE FROM customers WHERE id = " + id;
    String name = refusedWithRequest(proxy, delete);
    assertThat(decide("deny", name, "User:carol", "dba").statusCode()).isEqualTo(200);
    assertThat(decide("approve", name, "User:dave", "dba").statusCode()).isEqualTo(409);
    assertThatThrownBy(() -> run(proxy, delete))
        .isInstanceOf(PSQLException.class)
        .hasMessageContaining("was denied by User:carol");
    assertThat(customerExists(id)).isTrue();
  }

  @Test
  void anExpiredRequestCannotBeApprovedAndTheStatementNeverRuns() throws Exception {
    int id = newCustomer();
    String delete = "DELETE FROM customers WHERE id = " + id;
    String name = refusedWithRequest(proxy, delete);
    CLOCK.advance(Duration.ofHours(2));
    HttpResponse<String> late = decide("approve", name, "User:carol", "dba");
    assertThat(late.statusCode()).isEqualTo(409);
    assertThat(late.body()).contains("expired");
    assertThat(refusedWithRequest(proxy, delete)).isEqualTo(name);
    assertThat(customerExists(id)).isTrue();
  }

  @Test
  void aHeldStatementRunsAsSoonAsItIsApproved() throws Exception {
    int id = newCustomer();
    CompletableFuture<Integer> deleted =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return run(
                    holding,
                    "/* reason: erasure request 123 */ DELETE FROM customers WHERE id = " + id);
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            });
    Grant pending =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    store.list().stream()
                        .filter(g -> g.request().values().contains(Integer.toString(id)))
                        .findFirst()
                        .orElse(null),
                g -> g != null);
    assertThat(pending.request().reason()).isEqualTo("erasure request 123");
    assertThat(deleted).isNotDone();
    decide("approve", pending.name(), "User:carol", "dba");
    assertThat(deleted.get()).isEqualTo(1);
    assertThat(customerExists(id)).isFalse();
  }

  private static String refusedWithRequest(ProxyFixture through, String sql) {
    return requestNameOf(catchThrowable(() -> run(through, sql)));
  }

  /** The name of the approval request a refusal names. */
  private static String requestNameOf(Throwable thrown) {
    assertThat(thrown).isInstanceOf(PSQLException.class);
    PSQLException refused = (PSQLException) thrown;
    assertThat(refused.getSQLState()).isEqualTo("42501");
    assertThat(refused.getMessage())
        .contains("requires approval under rule \"customer-deletes\"")
        .contains("dbwarden approvals approve dbw-");
    String message = refused.getMessage();
    int at = message.indexOf("approval request ") + "approval request ".length();
    return message.substring(at, message.indexOf(' ', at));
  }

  private static int run(ProxyFixture through, String sql) throws SQLException {
    try (Connection c = bob(through);
        Statement s = c.createStatement()) {
      return s.executeUpdate(sql);
    }
  }

  private static Connection bob(ProxyFixture through) throws SQLException {
    return through(through, "");
  }

  private static Connection through(ProxyFixture proxy, String options) throws SQLException {
    return proxy.connect(ProxyFixture.BOB, ProxyFixture.BOB_PASSWORD, options);
  }

  private static HttpResponse<String> decide(
      String action, String name, String approver, String groups) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(
                adminUri(
                    "/approvals/"
                        + action
                        + "?name="
                        + name
                        + "&approver="
                        + approver
                        + "&groups="
                        + groups))
            .header("Authorization", "Bearer " + TOKEN)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static URI adminUri(String path) {
    return URI.create("http://127.0.0.1:" + admin.address().getPort() + path);
  }

  private static int newCustomer() throws SQLException {
    return SampleRows.newCustomer(postgres, NEXT_ID.incrementAndGet());
  }

  private static boolean customerExists(int id) throws SQLException {
    try (Connection c = postgres.connect(SampleSchema.DATABASE);
        Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT 1 FROM customers WHERE id = " + id)) {
      return rs.next();
    }
  }
}
