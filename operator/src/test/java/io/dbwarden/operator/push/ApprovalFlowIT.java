package io.dbwarden.operator.push;

import static io.dbwarden.operator.OperatorTesting.createCrds;
import static io.dbwarden.operator.OperatorTesting.createGrant;
import static io.dbwarden.operator.OperatorTesting.createPolicy;
import static io.dbwarden.operator.OperatorTesting.createSidecarPod;
import static io.dbwarden.operator.OperatorTesting.eventually;
import static io.dbwarden.operator.OperatorTesting.namespace;
import static io.dbwarden.operator.OperatorTesting.policySelecting;
import static io.dbwarden.operator.OperatorTesting.startOperator;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbwarden.api.audit.AuditEvent;
import io.dbwarden.api.grant.AccessGrant;
import io.dbwarden.api.grant.Execution;
import io.dbwarden.api.grant.GrantPhase;
import io.dbwarden.api.policy.SubjectKind;
import io.dbwarden.api.push.PushProtocol;
import io.dbwarden.operator.DbwardenOperator;
import io.dbwarden.operator.certs.HttpsTesting;
import io.dbwarden.operator.grant.GrantDecisions;
import io.dbwarden.operator.grant.GrantRequests;
import io.dbwarden.operator.grant.StatusReviews;
import io.dbwarden.operator.sidecars.PodRef;
import io.dbwarden.operator.webhook.JsonPatchApplier;
import io.dbwarden.operator.webhook.WebhookServer;
import io.dbwarden.sidecar.demo.EmbeddedPostgres;
import io.dbwarden.sidecar.demo.SampleSchema;
import io.dbwarden.sidecar.testing.PostgresExtension;
import io.dbwarden.sidecar.testing.ProxyFixture;
import io.dbwarden.sidecar.testing.SampleRows;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Approvals end to end, in one JVM: a real sidecar in front of a real PostgreSQL holds bob's DELETE
 * and asks the operator (against the Fabric8 mock API server) for an AccessGrant; a person decides
 * as {@code kubectl patch --subresource=status} would, through the decision webhook over HTTPS; the
 * sidecar learns of the decision on the push stream, runs the statement, and the execution lands in
 * the grant's status.
 */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(PostgresExtension.class)
class ApprovalFlowIT {

  static KubernetesClient client;
  static KubernetesMockServer server;

  private static final TokenReviews tokens = new TokenReviews();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Pattern GRANT_NAME =
      Pattern.compile("accessgrant (dbw-[0-9a-f]{12}(-\\d+)?)");
  private static final AtomicInteger NEXT_ID = new AtomicInteger(70_000);

  private static WebhookServer webhook;
  private static List<X509Certificate> trusted;

  @TempDir Path directory;
  private DbwardenOperator operator;
  private TestSidecar sidecar;
  private EmbeddedPostgres postgres;
  private String ns;

  @BeforeAll
  static void start() throws InterruptedException {
    createCrds(client);
    tokens.answer(server);
    webhook =
        HttpsTesting.webhookServer(client, "dbwarden-system")
            .route(GrantDecisions.PATH, new GrantDecisions(client, Clock.systemUTC()));
    webhook.start();
    trusted = HttpsTesting.webhookCas(client, "dbwarden-system");
  }

  @AfterAll
  static void stopWebhook() {
    webhook.close();
  }

  @AfterEach
  void stop() throws Exception {
    if (sidecar != null) {
      sidecar.close();
    }
    if (operator != null) {
      operator.close();
    }
  }

  /** Bob's orders sidecar, under a policy that holds deletes of customers for a DBA's approval. */
  private void orders(EmbeddedPostgres database, String prefix, String wait) throws Exception {
    postgres = database;
    ns = namespace(prefix);
    Pod pod = createSidecarPod(client, ns, "orders-1", Map.of("app", "orders"));
    operator = startOperator(client);
    createPolicy(
        client,
        ns,
        policySelecting(
            "orders",
            "orders",
            """
            defaultAction: deny
            masking:
              auto: false
              exempt: [{kind: User, name: bob}]
              columns: [{name: public.customers.email, strategy: redact}]
            rules:
              - name: bob-writes
                subjects: [{kind: User, name: bob}]
                operations: [SELECT, INSERT, UPDATE, DELETE]
                tables: ["public.*"]
              - name: alice-never-orders
                subjects: [{kind: User, name: alice}]
                operations: [ALL]
                tables: ["public.orders"]
                action: deny
            approvals:
              rules: [{name: customer-deletes, operations: [DELETE], tables: ["public.customers"]}]
              approvers: [{kind: Group, name: dba}]
              wait: %s
            """
                .formatted(wait)));
    sidecar =
        TestSidecar.start(
            postgres,
            PodRef.of(pod),
            tokens.issue(pod, PushProtocol.AUDIENCE),
            operator.streamPort(),
            directory);
    eventually().untilAsserted(() -> assertThat(refusal("SELECT count(*) FROM orders")).isNull());
  }

  @Test
  void aHeldDeleteBecomesAGrantRunsOnceAfterApprovalAndIsRecorded(EmbeddedPostgres database)
      throws Exception {
    orders(database, "approve", "0s");
    String delete =
        "/* reason: erasure request 123 */ DELETE FROM customers WHERE id = " + customer();

    String refusal = refusal(delete);
    assertThat(refusal)
        .contains("customer-deletes")
        .contains("kubectl patch accessgrant dbw-")
        .contains(" -n " + ns + " --subresource=status");
    String name = grantName(refusal);

    AccessGrant grant = grant(name);
    assertThat(grant.getSpec().getStatement()).isEqualTo(delete);
    assertThat(grant.getSpec().getPolicy()).isEqualTo("orders");
    assertThat(grant.getSpec().getSubject().getKind()).isEqualTo(SubjectKind.USER);
    assertThat(grant.getSpec().getSubject().getName()).isEqualTo(ProxyFixture.BOB);
    assertThat(grant.getSpec().getReason()).isEqualTo("erasure request 123");
    assertThat(grant.getMetadata().getLabels())
        .containsEntry(GrantRequests.SUBJECT_LABEL, "bob")
        .containsEntry(GrantRequests.POLICY_LABEL, "orders");
    assertThat(grant.getMetadata().getAnnotations())
        .containsEntry(GrantRequests.REQUESTED_BY_ANNOTATION, ns + "/orders-1")
        .containsEntry("dbwarden.io/tables", "public.customers");
    assertThat(grant.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            owner -> {
              assertThat(owner.getKind()).isEqualTo("DatabasePolicy");
              assertThat(owner.getName()).isEqualTo("orders");
            });
    // The planner's estimate reaches the approver.
    eventually()
        .untilAsserted(
            () -> {
              AccessGrant current = grant(name);
              assertThat(current.getStatus().getPhase()).isEqualTo(GrantPhase.PENDING);
              assertThat(current.getStatus().getEstimatedRows()).isEqualTo(1L);
            });

    // Retried: the same grant, never a second one.
    assertThat(grantName(refusal(delete))).isEqualTo(name);
    assertThat(grants()).hasSize(1);

    // Nobody decides their own grant; only the policy's approvers decide.
    assertThat(decide(name, "bob", List.of("dba"), "Approved")).contains("may not decide it");
    assertThat(decide(name, "mallory", List.of("developers"), "Approved"))
        .contains("is not an approver");
    assertThat(decide(name, "carol", List.of("dba"), "Approved")).isNull();
    assertThat(grant(name).getStatus().getDecidedBy()).isEqualTo("carol");
    assertThat(decide(name, "dave", List.of("dba"), "Denied")).contains("a decision is final");

    // The same statement runs once; the execution lands in status.
    eventually().untilAsserted(() -> assertThat(update(delete)).isEqualTo(1));
    eventually()
        .untilAsserted(
            () -> {
              AccessGrant used = grant(name);
              assertThat(used.getStatus().getPhase()).isEqualTo(GrantPhase.EXECUTED);
              assertThat(used.getStatus().getExecutions())
                  .singleElement()
                  .satisfies(
                      run -> {
                        assertThat(run.getPod()).isEqualTo(ns + "/orders-1");
                        assertThat(run.getRows()).isEqualTo(1L);
                        assertThat(run.getSqlstate()).isNull();
                        assertThat(run.getAt()).isNotNull();
                      });
            });

    // The sidecar's audit trail holds the request, the decision and the execution.
    eventually()
        .untilAsserted(
            () ->
                assertThat(
                        sidecar
                            .proxy()
                            .audit()
                            .matching(
                                e ->
                                    "approval".equals(e.type())
                                        && name.equals(e.approval().grant())))
                    .extracting(AuditEvent::event)
                    .containsSubsequence("requested", "decided", "executed"));

    // maxExecutions 1: running it again asks again, in a new grant.
    assertThat(grantName(refusal(delete))).isEqualTo(name + "-2");
    assertThat(grants()).hasSize(2);
  }

  @Test
  void aGrantAskedForAheadOfTimeIsUsedByTheStatementItNames(EmbeddedPostgres database)
      throws Exception {
    orders(database, "ahead", "0s");
    int id = customer();
    createGrant(
        client,
        ns,
        """
        apiVersion: dbwarden.io/v1alpha1
        kind: AccessGrant
        metadata: {name: erasure-ahead}
        spec:
          policy: orders
          subject: {kind: User, name: bob}
          statement: "DELETE FROM public.customers WHERE id = %d"
          reason: erasure request 124
        """
            .formatted(id));
    assertThat(decide("erasure-ahead", "carol", List.of("dba"), "Approved")).isNull();

    // Spelt differently (case, spaces, a comment), the same statement with the same value.
    eventually()
        .untilAsserted(
            () ->
                assertThat(
                        update("/* ticket 124 */ delete from public.customers  where id = " + id))
                    .isEqualTo(1));
    assertThat(grants()).singleElement();
    eventually().until(() -> grant("erasure-ahead").getStatus().getPhase() == GrantPhase.EXECUTED);
  }

  @Test
  void aDeniedGrantNeverRuns(EmbeddedPostgres database) throws Exception {
    orders(database, "deny", "0s");
    String delete = "DELETE FROM customers WHERE id = " + customer();
    String name = grantName(refusal(delete));

    assertThat(decide(name, "carol", List.of("dba"), "Denied")).isNull();
    eventually().until(() -> grant(name).getStatus().getPhase() == GrantPhase.DENIED);

    eventually()
        .untilAsserted(() -> assertThat(refusal(delete)).contains(name + " was denied by carol"));
    assertThat(grants()).hasSize(1);
    assertThat(grant(name).getStatus().getExecutions()).isEmpty();
  }

  @Test
  void aHeldStatementRunsAsSoonAsItIsApproved(EmbeddedPostgres database) throws Exception {
    orders(database, "wait", "60s");
    String delete = "DELETE FROM customers WHERE id = " + customer();

    CompletableFuture<Integer> held =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return update(delete);
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            });
    AccessGrant asked =
        eventually()
            .until(() -> grants().stream().findFirst().orElse(null), grant -> grant != null);
    assertThat(held).isNotDone();

    assertThat(decide(asked.getMetadata().getName(), "carol", List.of("dba"), "Approved")).isNull();
    assertThat(held.get(30, TimeUnit.SECONDS)).isEqualTo(1);
  }

  @Test
  void aScopeGrantLetsItsSubjectRunAnyMatchingStatementUntilItExpires(EmbeddedPostgres database)
      throws Exception {
    orders(database, "scope", "0s");
    createGrant(
        client,
        ns,
        """
        apiVersion: dbwarden.io/v1alpha1
        kind: AccessGrant
        metadata: {name: break-glass}
        spec:
          policy: orders
          subject: {kind: User, name: bob}
          scope: {operations: [DELETE], tables: ["public.customers"]}
          reason: incident 77
          duration: 1h
        """);
    // Before the decision, a matching statement waits for the scope's: no grant of its own.
    eventually()
        .untilAsserted(
            () ->
                assertThat(refusal("DELETE FROM customers WHERE id = " + customer()))
                    .contains("break-glass is waiting for a decision"));
    assertThat(grants()).hasSize(1);
    assertThat(decide("break-glass", "carol", List.of("dba"), "Approved")).isNull();

    eventually()
        .untilAsserted(
            () ->
                assertThat(update("DELETE FROM customers WHERE id = " + customer())).isEqualTo(1));
    assertThat(update("DELETE FROM customers WHERE id = " + customer())).isEqualTo(1);
    // Outside the scope, nothing changes.
    assertThat(refusal("DELETE FROM orders WHERE id = -1")).isNull();

    eventually()
        .untilAsserted(
            () -> {
              AccessGrant used = grant("break-glass");
              assertThat(used.getStatus().getPhase()).isEqualTo(GrantPhase.APPROVED);
              assertThat(used.getStatus().getExecutions())
                  .extracting(Execution::getRows)
                  .containsExactly(1L, 1L);
            });
  }

  @Test
  void aScopeGrantGivesJustInTimeAccessBeyondTheRulesButNotPastADenyRule(EmbeddedPostgres database)
      throws Exception {
    orders(database, "jit", "0s");
    String count = "SELECT count(*) FROM customers";
    assertThat(refusal(ProxyFixture.ALICE, ProxyFixture.ALICE_PASSWORD, count))
        .contains("is not allowed for");
    createGrant(
        client,
        ns,
        """
        apiVersion: dbwarden.io/v1alpha1
        kind: AccessGrant
        metadata: {name: jit-alice}
        spec:
          policy: orders
          subject: {kind: User, name: alice}
          scope: {operations: [SELECT], tables: ["public.customers", "public.orders"]}
          reason: incident 78
          duration: 1h
        """);
    // Not before it is approved: a scope nobody approved gives nothing.
    assertThat(refusal(ProxyFixture.ALICE, ProxyFixture.ALICE_PASSWORD, count))
        .contains("is not allowed for");
    assertThat(decide("jit-alice", "carol", List.of("dba"), "Approved")).isNull();

    eventually()
        .untilAsserted(
            () ->
                assertThat(refusal(ProxyFixture.ALICE, ProxyFixture.ALICE_PASSWORD, count))
                    .isNull());
    // Masking applies as it would to any of her reads.
    String email = "SELECT email FROM customers WHERE id = 1";
    assertThat(firstValue(ProxyFixture.ALICE, ProxyFixture.ALICE_PASSWORD, email))
        .isNotNull()
        .isNotEqualTo(firstValue(postgres, email))
        .doesNotContain("@");
    // A rule that denies stays: the scope lifts the default action only.
    assertThat(
            refusal(ProxyFixture.ALICE, ProxyFixture.ALICE_PASSWORD, "SELECT count(*) FROM orders"))
        .contains("alice-never-orders");
    // Nor does it reach past its operations.
    assertThat(
            refusal(
                ProxyFixture.ALICE,
                ProxyFixture.ALICE_PASSWORD,
                "DELETE FROM customers WHERE id = -1"))
        .contains("is not allowed for");
    eventually()
        .untilAsserted(
            () -> assertThat(grant("jit-alice").getStatus().getExecutions()).isNotEmpty());
    assertThat(grants()).singleElement();
  }

  /**
   * Decides grant {@code name} as {@code kubectl patch --subresource=status} would for {@code
   * user}: the API server sends the update to the decision webhook and applies its patch. Null when
   * the decision was taken, else the webhook's refusal.
   */
  private String decide(String name, String user, List<String> groups, String decision)
      throws Exception {
    // As a person would: on a grant the operator has shown as pending. (The mock API server does
    // not check resourceVersions on status writes, so a decision written while the operator writes
    // the first status could be lost here, where a cluster would refuse one of the two.)
    eventually()
        .until(() -> grant(name).getStatus() != null && grant(name).getStatus().getPhase() != null);
    AccessGrant current = grant(name);
    JsonNode old = JSON.readTree(SERIALIZATION.asJson(current));
    ObjectNode changed = old.deepCopy();
    JsonNode status = changed.path("status");
    ObjectNode newStatus = status.isObject() ? (ObjectNode) status : changed.putObject("status");
    newStatus.put("decision", decision);

    ObjectNode review = StatusReviews.statusUpdate(old, changed, user, groups);

    HttpResponse<String> reply =
        HttpsTesting.post(trusted, webhook.port(), GrantDecisions.PATH, review.toString());
    assertThat(reply.statusCode()).isEqualTo(200);
    JsonNode response = JSON.readTree(reply.body()).path("response");
    if (!response.path("allowed").asBoolean()) {
      return response.path("status").path("message").asText();
    }
    JsonNode patched =
        response.has("patch")
            ? JsonPatchApplier.apply(
                changed, JSON.readTree(Base64.getDecoder().decode(response.path("patch").asText())))
            : changed;
    client.resource(SERIALIZATION.convertValue(patched, AccessGrant.class)).updateStatus();
    return null;
  }

  private AccessGrant grant(String name) {
    return client.resources(AccessGrant.class).inNamespace(ns).withName(name).get();
  }

  private List<AccessGrant> grants() {
    return client.resources(AccessGrant.class).inNamespace(ns).list().getItems();
  }

  private static String grantName(String refusal) {
    Matcher matcher = GRANT_NAME.matcher(String.valueOf(refusal));
    assertThat(matcher.find()).as(refusal).isTrue();
    return matcher.group(1);
  }

  /** Rows bob's statement changed. */
  private int update(String sql) throws SQLException {
    try (Connection connection =
            sidecar.proxy().connect(ProxyFixture.BOB, ProxyFixture.BOB_PASSWORD, "");
        Statement statement = connection.createStatement()) {
      return statement.executeUpdate(sql);
    }
  }

  /** The first column of the first row the user reads through the sidecar. */
  private String firstValue(String user, String password, String sql) throws SQLException {
    try (Connection connection = sidecar.proxy().connect(user, password, "");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      return rows.next() ? rows.getString(1) : null;
    }
  }

  /** The first column of the first row, read from the database directly. */
  private static String firstValue(EmbeddedPostgres database, String sql) throws SQLException {
    try (Connection connection = database.connect(SampleSchema.DATABASE);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      return rows.next() ? rows.getString(1) : null;
    }
  }

  /** Null when bob's statement ran, else the refusal's message. */
  private String refusal(String sql) {
    return refusal(ProxyFixture.BOB, ProxyFixture.BOB_PASSWORD, sql);
  }

  /** Null when the user's statement ran, else the refusal's message. */
  private String refusal(String user, String password, String sql) {
    try (Connection connection = sidecar.proxy().connect(user, password, "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
      return null;
    } catch (SQLException e) {
      return e.getMessage();
    }
  }

  private int customer() throws SQLException {
    return SampleRows.newCustomer(postgres, NEXT_ID.incrementAndGet());
  }
}
