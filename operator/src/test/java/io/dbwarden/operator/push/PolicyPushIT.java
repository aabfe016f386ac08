package io.dbwarden.operator.push;

import static io.dbwarden.operator.OperatorTesting.createCrds;
import static io.dbwarden.operator.OperatorTesting.createPolicy;
import static io.dbwarden.operator.OperatorTesting.createSidecarPod;
import static io.dbwarden.operator.OperatorTesting.eventually;
import static io.dbwarden.operator.OperatorTesting.namespace;
import static io.dbwarden.operator.OperatorTesting.policySelecting;
import static io.dbwarden.operator.OperatorTesting.startOperator;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbwarden.api.policy.DatabasePolicy;
import io.dbwarden.api.policy.DatabasePolicyStatus;
import io.dbwarden.api.policy.Engine;
import io.dbwarden.api.push.PushProtocol;
import io.dbwarden.operator.DbwardenOperator;
import io.dbwarden.operator.OperatorTesting;
import io.dbwarden.operator.sidecars.PodRef;
import io.dbwarden.operator.status.Conditions;
import io.dbwarden.sidecar.demo.EmbeddedPostgres;
import io.dbwarden.sidecar.testing.PostgresExtension;
import io.dbwarden.sidecar.testing.TestCertificates;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The push stream end to end, in one JVM: the operator against the Fabric8 mock API server (CRUD,
 * with TokenReview answered by {@link TokenReviews}), and a real sidecar (proxy, pushed policy,
 * stream client) in front of a real PostgreSQL.
 */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(PostgresExtension.class)
class PolicyPushIT {

  static KubernetesClient client;
  static KubernetesMockServer server;

  @TempDir Path directory;

  private static final TokenReviews tokens = new TokenReviews();
  private DbwardenOperator operator;
  private TestSidecar sidecar;

  @BeforeAll
  static void crds() {
    createCrds(client);
    tokens.answer(server);
  }

  @AfterEach
  void stop() {
    for (AutoCloseable running : new AutoCloseable[] {sidecar, operator}) {
      try {
        if (running != null) {
          running.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static String policy(String tables) {
    return policySelecting(
        "orders",
        "orders",
        """
        defaultAction: deny
        masking: {auto: false}
        rules:
          - name: analysts
            subjects: [{kind: Group, name: analysts}]
            operations: [SELECT]
            tables: [%s]
        """
            .formatted(tables));
  }

  private void startSidecar(EmbeddedPostgres postgres, PodRef pod, String token)
      throws IOException {
    sidecar = TestSidecar.start(postgres, pod, token, operator.streamPort(), directory);
  }

  /** Null when Alice may count the rows of {@code table}, else the refusal's message. */
  private String refusal(String table) {
    try (Connection connection = sidecar.proxy().connect();
        Statement statement = connection.createStatement()) {
      statement.executeQuery("SELECT count(*) FROM " + table).close();
      return null;
    } catch (SQLException e) {
      return e.getMessage();
    }
  }

  private DatabasePolicy fetch(String namespace) {
    return client.resources(DatabasePolicy.class).inNamespace(namespace).withName("orders").get();
  }

  /**
   * Changes the policy's spec as a user would, reading it again when the operator's status write
   * got in first (409), as kubectl edit does.
   */
  private void change(String namespace, Consumer<DatabasePolicy> edit) {
    for (int attempt = 1; ; attempt++) {
      DatabasePolicy policy = fetch(namespace);
      edit.accept(policy);
      try {
        client.resource(policy).update();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e;
        }
      }
    }
  }

  private static Condition ready(DatabasePolicy policy) {
    return Conditions.find(policy.getStatus().getConditions(), DatabasePolicyStatus.READY)
        .orElseThrow();
  }

  @Test
  void policiesReachTheSidecarAreEnforcedAndSurviveTheOperatorsAbsence(EmbeddedPostgres postgres)
      throws IOException, InterruptedException {
    String ns = namespace("push");
    Pod pod = createSidecarPod(client, ns, "orders-1", Map.of("app", "orders"));
    PodRef ref = PodRef.of(pod);
    String token = tokens.issue(pod, PushProtocol.AUDIENCE);
    operator = startOperator(client);
    startSidecar(postgres, ref, token);

    // Before any policy, nothing runs.
    assertThat(refusal("public.orders")).contains("no policy has been received from the operator");

    createPolicy(client, ns, policy("\"public.orders\""));
    eventually().untilAsserted(() -> assertThat(refusal("public.orders")).isNull());
    assertThat(refusal("public.customers")).contains("dbwarden:");
    eventually()
        .untilAsserted(
            () -> {
              DatabasePolicy policy = fetch(ns);
              assertThat(policy.getStatus().getSidecars().getSummary()).isEqualTo("1/1");
              assertThat(ready(policy).getReason()).isEqualTo("InSync");
            });
    assertThat(metrics()).contains("dbwarden_sidecars_connected 1.0");

    // A change is enforced within seconds.
    change(
        ns,
        p -> p.getSpec().getRules().get(0).setTables(List.of("public.orders", "public.customers")));
    eventually().untilAsserted(() -> assertThat(refusal("public.customers")).isNull());

    // Audit summaries reach status.
    eventually()
        .untilAsserted(
            () -> assertThat(fetch(ns).getStatus().getAudit().getStatements()).isPositive());

    // A bundle the sidecar cannot enforce is refused, and the refusal shows in status.
    change(ns, p -> p.getSpec().setEngine(Engine.MYSQL));
    eventually()
        .untilAsserted(
            () -> {
              DatabasePolicy policy = fetch(ns);
              assertThat(policy.getStatus().getSidecars().getRejected()).isEqualTo(1);
              assertThat(ready(policy).getReason()).isEqualTo("SidecarsRejected");
              assertThat(ready(policy).getMessage())
                  .contains("orders-1: policy orders governs engine mysql");
            });
    assertThat(refusal("public.customers")).isNull();

    // The operator goes away: the sidecar enforces what it has, and catches up on its return.
    int port = operator.streamPort();
    operator.close();
    operator = null;
    change(
        ns,
        p -> {
          p.getSpec().setEngine(Engine.POSTGRES);
          p.getSpec().getRules().get(0).setTables(List.of("public.orders"));
        });
    assertThat(refusal("public.customers")).isNull();
    assertThat(refusal("public.orders")).isNull();

    operator = startOperator(client, OperatorTesting.config(port, null));
    eventually().untilAsserted(() -> assertThat(refusal("public.customers")).contains("dbwarden:"));
    assertThat(refusal("public.orders")).isNull();
  }

  @Test
  void theStreamRunsOverTls(EmbeddedPostgres postgres) throws Exception {
    String ns = namespace("tls");
    Pod pod = createSidecarPod(client, ns, "orders-1", Map.of("app", "orders"));
    TestCertificates certificates = TestCertificates.create(directory);
    operator =
        startOperator(
            client,
            OperatorTesting.config(0, null, certificates.certificate(), certificates.privateKey()));
    sidecar =
        TestSidecar.start(
            postgres,
            PodRef.of(pod),
            tokens.issue(pod, PushProtocol.AUDIENCE),
            URI.create("wss://127.0.0.1:" + operator.streamPort() + PushProtocol.PATH),
            certificates.caCertificate(),
            directory);

    createPolicy(client, ns, policy("\"public.orders\""));
    eventually().untilAsserted(() -> assertThat(refusal("public.orders")).isNull());
  }

  @Test
  void forgedAndWrongAudienceTokensAreRefused() {
    String ns = namespace("tokens");
    Pod pod = createSidecarPod(client, ns, "orders-1", Map.of("app", "orders"));
    Pod other = createSidecarPod(client, ns, "orders-2", Map.of("app", "orders"));
    String wrongAudience = tokens.issue(pod, "https://kubernetes.default.svc");
    String otherPods = tokens.issue(other, PushProtocol.AUDIENCE);
    operator = startOperator(client);
    PodRef ref = PodRef.of(pod);

    assertThat(upgrade(ref, "forged.token.value"))
        .startsWith("401")
        .contains("not valid for audience dbwarden");
    assertThat(upgrade(ref, wrongAudience)).startsWith("401");
    assertThat(upgrade(ref, otherPods)).startsWith("403").contains("not issued to pod " + ref);
    assertThat(upgrade(ref, null)).startsWith("401");
    assertThat(operator.sidecars().report(ref)).isEmpty();
  }

  private String metrics() throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + operator.httpPort() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** Opens a stream as {@code pod}; the refusal's status and body, or "open". */
  private String upgrade(PodRef pod, String token) {
    return StreamUpgrades.attempt(operator.streamPort(), PushProtocol.PATH, pod.toString(), token);
  }
}
