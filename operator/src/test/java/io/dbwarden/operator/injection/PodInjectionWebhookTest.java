package io.dbwarden.operator.injection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbwarden.operator.certs.HttpsTesting;
import io.dbwarden.operator.webhook.JsonPatchApplier;
import io.dbwarden.operator.webhook.WebhookServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AdmissionReview fixtures ({@code src/test/resources/admission/}) POSTed over real HTTPS to the
 * injection webhook; the JSON Patch it answers is applied to the pod and the result checked field
 * by field.
 */
@EnableKubernetesMockClient(crud = true)
class PodInjectionWebhookTest {

  static KubernetesClient client;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OPERATOR_NAMESPACE = "dbwarden-system";
  private static final String IMAGE = "ghcr.io/dbwarden/sidecar:test";
  private static final String OPERATOR_URL =
      "ws://dbwarden-operator.dbwarden-system.svc:8081/v1/sidecars/stream";

  private static WebhookServer server;
  private static List<X509Certificate> trusted;

  @BeforeAll
  static void startWebhook() throws InterruptedException {
    server =
        HttpsTesting.webhookServer(client, OPERATOR_NAMESPACE)
            .route(
                PodInjector.PATH,
                new PodInjector(
                    new SidecarSettings(
                        IMAGE, SidecarMode.NATIVE, OPERATOR_URL, OPERATOR_NAMESPACE)));
    server.start();
    trusted = HttpsTesting.webhookCas(client, OPERATOR_NAMESPACE);
  }

  @AfterAll
  static void stopWebhook() {
    server.close();
  }

  private static ObjectNode fixture(String name) throws IOException {
    try (InputStream in =
        PodInjectionWebhookTest.class.getResourceAsStream("/admission/" + name + ".json")) {
      return (ObjectNode) JSON.readTree(in);
    }
  }

  /** The {@code response} of the review the webhook answers {@code review} with. */
  private static JsonNode send(JsonNode review) throws Exception {
    HttpResponse<String> reply =
        HttpsTesting.post(trusted, server.port(), PodInjector.PATH, review.toString());
    assertThat(reply.statusCode()).isEqualTo(200);
    assertThat(reply.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode answer = JSON.readTree(reply.body());
    assertThat(answer.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
    assertThat(answer.path("kind").asText()).isEqualTo("AdmissionReview");
    JsonNode response = answer.path("response");
    assertThat(response.path("uid").asText())
        .isEqualTo(review.path("request").path("uid").asText());
    return response;
  }

  /** The pod of {@code review} after the webhook's patch. */
  private static JsonNode injected(JsonNode review) throws Exception {
    JsonNode response = send(review);
    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.path("patchType").asText()).isEqualTo("JSONPatch");
    JsonNode patch = JSON.readTree(Base64.getDecoder().decode(response.path("patch").asText()));
    return JsonPatchApplier.apply(review.path("request").path("object"), patch);
  }

  private static void assertUntouched(JsonNode response) {
    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.has("patch")).isFalse();
    assertThat(response.has("patchType")).isFalse();
  }

  private static JsonNode env(JsonNode container, String name) {
    for (JsonNode variable : container.path("env")) {
      if (name.equals(variable.path("name").asText())) {
        return variable;
      }
    }
    throw new AssertionError(container.path("name") + " has no variable " + name);
  }

  private static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(n -> names.add(n.path("name").asText()));
    return names;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(n -> values.add(n.asText()));
    return values;
  }

  @Test
  void aLabelledPodGetsTheNativeSidecarFirstAmongItsInitContainers() throws Exception {
    JsonNode pod = injected(fixture("labelled-pod"));

    assertThat(pod.path("metadata").path("annotations").path("dbwarden.io/status").asText())
        .isEqualTo("injected");
    assertThat(names(pod.path("spec").path("initContainers")))
        .containsExactly("dbwarden", "migrate");
    assertThat(names(pod.path("spec").path("containers"))).containsExactly("orders", "metrics");

    JsonNode sidecar = pod.path("spec").path("initContainers").get(0);
    assertThat(sidecar.path("image").asText()).isEqualTo(IMAGE);
    assertThat(sidecar.path("restartPolicy").asText()).isEqualTo("Always");
    assertThat(strings(sidecar.path("args")))
        .containsExactly(
            "run",
            "--listen=127.0.0.1:6432",
            "--upstream=orders-db.shop.svc:5432",
            "--admin-listen=0.0.0.0:9187",
            "--workload-identity=$(POD_NAMESPACE)/$(POD_SERVICE_ACCOUNT)",
            "--operator-url=$(DBWARDEN_OPERATOR_URL)",
            "--token-file=$(DBWARDEN_TOKEN_FILE)",
            "--bundle-dir=/var/lib/dbwarden",
            "--audit-mode=strict",
            "--upstream-user=$(DBWARDEN_UPSTREAM_USER)");
    assertThat(
            env(sidecar, "POD_NAME").path("valueFrom").path("fieldRef").path("fieldPath").asText())
        .isEqualTo("metadata.name");
    assertThat(
            env(sidecar, "POD_NAMESPACE")
                .path("valueFrom")
                .path("fieldRef")
                .path("fieldPath")
                .asText())
        .isEqualTo("metadata.namespace");
    assertThat(
            env(sidecar, "POD_SERVICE_ACCOUNT")
                .path("valueFrom")
                .path("fieldRef")
                .path("fieldPath")
                .asText())
        .isEqualTo("spec.serviceAccountName");
    assertThat(env(sidecar, "DBWARDEN_OPERATOR_URL").path("value").asText())
        .isEqualTo(OPERATOR_URL);
    assertThat(env(sidecar, "DBWARDEN_TOKEN_FILE").path("value").asText())
        .isEqualTo("/var/run/secrets/dbwarden/token");
    assertThat(env(sidecar, "DBWARDEN_POLICY").path("value").asText()).isEqualTo("orders");
    JsonNode user = env(sidecar, "DBWARDEN_UPSTREAM_USER").path("valueFrom").path("secretKeyRef");
    assertThat(user.path("name").asText()).isEqualTo("orders-db-login");
    assertThat(user.path("key").asText()).isEqualTo("username");
    JsonNode password =
        env(sidecar, "DBWARDEN_UPSTREAM_PASSWORD").path("valueFrom").path("secretKeyRef");
    assertThat(password.path("name").asText()).isEqualTo("orders-db-login");
    assertThat(password.path("key").asText()).isEqualTo("password");

    JsonNode startup = sidecar.path("startupProbe");
    assertThat(startup.path("httpGet").path("path").asText()).isEqualTo("/readyz");
    assertThat(startup.path("httpGet").path("port").asInt()).isEqualTo(9187);
    assertThat(sidecar.path("livenessProbe").path("httpGet").path("path").asText())
        .isEqualTo("/healthz");
    assertThat(sidecar.path("ports").get(0).path("containerPort").asInt()).isEqualTo(9187);

    JsonNode security = sidecar.path("securityContext");
    assertThat(security.path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(security.path("runAsUser").asLong()).isPositive();
    assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(security.path("allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(security.path("privileged").asBoolean()).isFalse();
    assertThat(strings(security.path("capabilities").path("drop"))).containsExactly("ALL");
    assertThat(security.path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
    assertThat(sidecar.path("resources").path("requests").path("cpu").asText()).isEqualTo("100m");
    assertThat(sidecar.path("resources").path("requests").path("memory").asText())
        .isEqualTo("192Mi");
    assertThat(sidecar.path("resources").path("limits").path("memory").asText()).isEqualTo("512Mi");
    assertThat(sidecar.path("volumeMounts"))
        .extracting(m -> m.path("mountPath").asText() + " " + m.path("readOnly").asBoolean())
        .containsExactly("/var/run/secrets/dbwarden true", "/var/lib/dbwarden false", "/tmp false");

    JsonNode volumes = pod.path("spec").path("volumes");
    assertThat(names(volumes)).containsExactly("config", "dbwarden-token", "dbwarden-data");
    JsonNode token =
        volumes.get(1).path("projected").path("sources").get(0).path("serviceAccountToken");
    assertThat(token.path("audience").asText()).isEqualTo("dbwarden");
    assertThat(token.path("path").asText()).isEqualTo("token");
    assertThat(token.path("expirationSeconds").asLong()).isEqualTo(3600);
    assertThat(volumes.get(2).has("emptyDir")).isTrue();
  }

  @Test
  void appContainersAndLaterInitContainersArePointedAtTheSidecar() throws Exception {
    JsonNode pod = injected(fixture("labelled-pod"));

    JsonNode orders = pod.path("spec").path("containers").get(0);
    // New variables come first so DATABASE_URL's $(PGPORT) resolves; PGHOST is replaced in place.
    assertThat(names(orders.path("env")))
        .containsExactly("PGPORT", "DBWARDEN_URL", "LOG_LEVEL", "PGHOST", "DATABASE_URL");
    assertThat(env(orders, "PGHOST").path("value").asText()).isEqualTo("127.0.0.1");
    assertThat(env(orders, "PGPORT").path("value").asText()).isEqualTo("6432");
    assertThat(env(orders, "DBWARDEN_URL").path("value").asText())
        .isEqualTo("postgresql://127.0.0.1:6432");
    assertThat(env(orders, "LOG_LEVEL").path("value").asText()).isEqualTo("info");

    JsonNode metrics = pod.path("spec").path("containers").get(1);
    assertThat(names(metrics.path("env"))).containsExactly("PGHOST", "PGPORT", "DBWARDEN_URL");
    JsonNode migrate = pod.path("spec").path("initContainers").get(1);
    assertThat(names(migrate.path("env"))).containsExactly("PGHOST", "PGPORT", "DBWARDEN_URL");
  }

  @Test
  void ofDuplicateVariablesTheLastIsReplacedBecauseTheKubeletUsesIt() throws Exception {
    ObjectNode review = fixture("labelled-pod");
    ((ArrayNode)
            review
                .path("request")
                .path("object")
                .path("spec")
                .path("containers")
                .get(0)
                .path("env"))
        .addObject()
        .put("name", "PGHOST")
        .put("value", "orders-db-replica.shop.svc");
    JsonNode env = injected(review).path("spec").path("containers").get(0).path("env");

    assertThat(names(env))
        .containsExactly("PGPORT", "DBWARDEN_URL", "LOG_LEVEL", "PGHOST", "DATABASE_URL", "PGHOST");
    assertThat(env.get(5).path("value").asText()).isEqualTo("127.0.0.1");
  }

  @Test
  void fieldsTheModelDoesNotKnowSurvive() throws Exception {
    ObjectNode review = fixture("labelled-pod");
    JsonNode original = review.path("request").path("object");
    JsonNode pod = injected(review);

    assertThat(pod.path("spec").path("futureSchedulingHint"))
        .isEqualTo(original.path("spec").path("futureSchedulingHint"));
    assertThat(pod.path("spec").path("containers").get(0).path("futureContainerField"))
        .isEqualTo(original.path("spec").path("containers").get(0).path("futureContainerField"));
    assertThat(pod.path("metadata").path("annotations").path("example.com/owner~team").asText())
        .isEqualTo("payments");
    assertThat(pod.path("metadata").path("generateName"))
        .isEqualTo(original.path("metadata").path("generateName"));
    assertThat(pod.path("spec").path("initContainers").get(1))
        .isEqualTo(
            ((ObjectNode) original.path("spec").path("initContainers").get(0).deepCopy())
                .set("env", pod.path("spec").path("initContainers").get(1).path("env")));
  }

  @Test
  void containerModeAppendsARegularContainerAndCreatesMissingArrays() throws Exception {
    JsonNode pod = injected(fixture("container-mode-pod"));

    assertThat(pod.path("spec").has("initContainers")).isFalse();
    assertThat(names(pod.path("spec").path("containers"))).containsExactly("reports", "dbwarden");
    JsonNode sidecar = pod.path("spec").path("containers").get(1);
    assertThat(sidecar.has("restartPolicy")).isFalse();
    assertThat(strings(sidecar.path("args")))
        .contains("--listen=127.0.0.1:7432", "--upstream=10.0.12.7:5433")
        .noneMatch(a -> a.startsWith("--upstream-user"));
    assertThat(names(sidecar.path("env")))
        .doesNotContain("DBWARDEN_POLICY", "DBWARDEN_UPSTREAM_USER");
    assertThat(sidecar.path("startupProbe").path("httpGet").path("path").asText())
        .isEqualTo("/readyz");
    assertThat(names(pod.path("spec").path("volumes")))
        .containsExactly("dbwarden-token", "dbwarden-data");
    JsonNode reports = pod.path("spec").path("containers").get(0);
    assertThat(env(reports, "PGPORT").path("value").asText()).isEqualTo("7432");
    assertThat(env(reports, "DBWARDEN_URL").path("value").asText())
        .isEqualTo("postgresql://127.0.0.1:7432");
    assertThat(pod.path("metadata").path("annotations").path("dbwarden.io/status").asText())
        .isEqualTo("injected");
  }

  @Test
  void injectEnvFalseLeavesTheAppsEnvironmentAlone() throws Exception {
    ObjectNode review = fixture("labelled-pod");
    ((ObjectNode) review.path("request").path("object").path("metadata").path("annotations"))
        .put("dbwarden.io/inject-env", "false");
    JsonNode pod = injected(review);

    assertThat(pod.path("spec").path("containers"))
        .isEqualTo(review.path("request").path("object").path("spec").path("containers"));
    assertThat(pod.path("spec").path("initContainers").get(1))
        .isEqualTo(
            review.path("request").path("object").path("spec").path("initContainers").get(0));
    assertThat(pod.path("spec").path("initContainers").get(0).path("name").asText())
        .isEqualTo("dbwarden");
  }

  @Test
  void unlabelledPodsAreLeftAsTheyAre() throws Exception {
    assertUntouched(send(fixture("unlabelled-pod")));
  }

  @Test
  void injectedPodsAreLeftAsTheyAreByAnnotationOrBySidecar() throws Exception {
    ObjectNode review = fixture("injected-pod");
    assertUntouched(send(review));
    ((ObjectNode) review.path("request").path("object").path("metadata").path("annotations"))
        .remove("dbwarden.io/status");
    assertUntouched(send(review));
  }

  @Test
  void hostNetworkPodsAreNeverInjectedAndTheUserIsWarned() throws Exception {
    JsonNode response = send(fixture("host-network-pod"));
    assertUntouched(response);
    assertThat(response.path("warnings").get(0).asText()).contains("hostNetwork");
  }

  @Test
  void podsInTheOperatorsNamespaceAreNeverInjected() throws Exception {
    ObjectNode review = fixture("labelled-pod");
    ((ObjectNode) review.path("request")).put("namespace", OPERATOR_NAMESPACE);
    JsonNode response = send(review);
    assertUntouched(response);
    assertThat(response.path("warnings").get(0).asText()).contains("operator's namespace");
  }

  @Test
  void onlyPodCreationIsInjected() throws Exception {
    ObjectNode review = fixture("labelled-pod");
    ((ObjectNode) review.path("request")).put("operation", "UPDATE");
    assertUntouched(send(review));
  }

  @Test
  void badAnnotationsRejectThePodNamingEachAnnotationAndWhy() throws Exception {
    JsonNode response = send(fixture("bad-annotations-pod"));

    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.has("patch")).isFalse();
    assertThat(response.path("status").path("code").asInt()).isEqualTo(400);
    assertThat(response.path("status").path("message").asText())
        .startsWith("dbwarden: ")
        .contains("dbwarden.io/upstream: \"orders-db\" is not host:port")
        .contains("dbwarden.io/listen-port: \"8080\" is already a port of container web")
        .contains("dbwarden.io/policy: \"Orders_Policy\" is not a Kubernetes object name")
        .contains("dbwarden.io/credentials-secret: \"-login\" is not a Kubernetes object name")
        .contains("dbwarden.io/inject-env: \"maybe\" is not true or false")
        .contains("dbwarden.io/sidecar-mode: 'sideways' is not native or container");
  }

  @Test
  void aMissingUpstreamIsNamed() throws Exception {
    ObjectNode review = fixture("container-mode-pod");
    ((ObjectNode) review.path("request").path("object").path("metadata").path("annotations"))
        .remove("dbwarden.io/upstream");
    JsonNode response = send(review);
    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.path("status").path("message").asText())
        .isEqualTo(
            "dbwarden: dbwarden.io/upstream: required, the database as host:port"
                + " (e.g. orders-db.shop.svc:5432)");
  }

  @Test
  void aVolumeNamedLikeTheSidecarsIsNamed() throws Exception {
    ObjectNode review = fixture("labelled-pod");
    ((ObjectNode) review.path("request").path("object").path("spec").path("volumes").get(0))
        .put("name", "dbwarden-data");
    JsonNode response = send(review);
    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.path("status").path("message").asText())
        .isEqualTo(
            "dbwarden: the pod already has a volume named dbwarden-data, which the sidecar"
                + " needs; rename it");
  }

  @Test
  void aBodyThatIsNoAdmissionReviewIsABadRequest() throws Exception {
    HttpResponse<String> reply =
        HttpsTesting.post(trusted, server.port(), PodInjector.PATH, "{\"kind\":\"Pod\"}");
    assertThat(reply.statusCode()).isEqualTo(400);
  }
}
