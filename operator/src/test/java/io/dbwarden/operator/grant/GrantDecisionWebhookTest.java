package io.dbwarden.operator.grant;

import static io.dbwarden.operator.OperatorTesting.createCrds;
import static io.dbwarden.operator.OperatorTesting.createPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbwarden.api.grant.AccessGrant;
import io.dbwarden.api.grant.GrantPhase;
import io.dbwarden.api.policy.DatabasePolicy;
import io.dbwarden.operator.certs.HttpsTesting;
import io.dbwarden.operator.webhook.JsonPatchApplier;
import io.dbwarden.operator.webhook.WebhookServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AdmissionReviews for {@code accessgrants/status} updates POSTed over real HTTPS to the decision
 * webhook, with the policies in the mock API server; an allowed decision's JSON Patch is applied to
 * the grant, and the result must be a decision {@link GrantPhaseMachine} accepts.
 */
@EnableKubernetesMockClient(crud = true)
class GrantDecisionWebhookTest {

  static KubernetesClient client;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final String OPERATOR_NAMESPACE = "dbwarden-system";
  private static final String NAMESPACE = "shop";
  private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");
  private static final String CREATED = "2026-03-01T10:00:00Z";
  private static final String OPERATOR = "system:serviceaccount:dbwarden-system:dbwarden";

  private static WebhookServer server;
  private static List<X509Certificate> trusted;

  @BeforeAll
  static void startWebhook() throws InterruptedException {
    createCrds(client);
    createPolicy(
        client,
        NAMESPACE,
        """
        apiVersion: dbwarden.io/v1alpha1
        kind: DatabasePolicy
        metadata:
          name: orders
        spec:
          approvals:
            rules: [{name: erasure, operations: [DELETE], tables: ["public.customers"]}]
            approvers:
              - {kind: User, name: bob@example.com}
              - {kind: Group, name: dba}
              - {kind: ServiceAccount, name: ops/release-bot}
              - {kind: User, name: alice@example.com}
        """);
    server =
        HttpsTesting.webhookServer(client, OPERATOR_NAMESPACE)
            .route(
                GrantDecisions.PATH, new GrantDecisions(client, Clock.fixed(NOW, ZoneOffset.UTC)));
    server.start();
    trusted = HttpsTesting.webhookCas(client, OPERATOR_NAMESPACE);
  }

  @AfterAll
  static void stopWebhook() {
    server.close();
  }

  /** A grant by alice (a User) under {@code policy}, with {@code status} (may be null). */
  private static ObjectNode grant(String policy, String subjectKind, String subject, String status)
      throws Exception {
    ObjectNode grant =
        (ObjectNode)
            JSON.readTree(
                """
                {"apiVersion": "dbwarden.io/v1alpha1", "kind": "AccessGrant",
                 "metadata": {"name": "erase-42", "namespace": "%s", "generation": 1,
                              "creationTimestamp": "%s"},
                 "spec": {"policy": "%s", "subject": {"kind": "%s", "name": "%s"},
                          "statement": "DELETE FROM customers WHERE id = 42",
                          "duration": "1h", "maxExecutions": 1}}
                """
                    .formatted(NAMESPACE, CREATED, policy, subjectKind, subject));
    if (status != null) {
      grant.set("status", JSON.readTree(status));
    }
    return grant;
  }

  private static ObjectNode aliceGrant(String status) throws Exception {
    return grant("orders", "User", "alice@example.com", status);
  }

  /** The {@code response} of the review the webhook answers {@code review} with. */
  private static JsonNode send(JsonNode review) throws Exception {
    HttpResponse<String> reply =
        HttpsTesting.post(trusted, server.port(), GrantDecisions.PATH, review.toString());
    assertThat(reply.statusCode()).isEqualTo(200);
    JsonNode response = JSON.readTree(reply.body()).path("response");
    assertThat(response.path("uid").asText())
        .isEqualTo(review.path("request").path("uid").asText());
    return response;
  }

  /** The grant of {@code review} after the webhook's patch. */
  private static JsonNode patched(JsonNode review) throws Exception {
    JsonNode response = send(review);
    assertThat(response.path("allowed").asBoolean()).as(response.toString()).isTrue();
    assertThat(response.path("patchType").asText()).isEqualTo("JSONPatch");
    JsonNode patch = JSON.readTree(Base64.getDecoder().decode(response.path("patch").asText()));
    return JsonPatchApplier.apply(review.path("request").path("object"), patch);
  }

  /** The denial's message. */
  private static String refusal(JsonNode review) throws Exception {
    JsonNode response = send(review);
    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.has("patch")).isFalse();
    return response.path("status").path("message").asText();
  }

  private static void assertUntouched(JsonNode response) {
    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.has("patch")).isFalse();
    assertThat(response.has("patchType")).isFalse();
  }

  private static GrantPhase phase(JsonNode grant) {
    AccessGrant typed = SERIALIZATION.convertValue(grant, AccessGrant.class);
    DatabasePolicy policy =
        client.resources(DatabasePolicy.class).inNamespace(NAMESPACE).withName("orders").get();
    return GrantPhaseMachine.evaluate(typed, policy, NOW).phase();
  }

  @Test
  void anApproversDecisionIsStampedWithTheUserAndTheTimeAndTheOperatorAcceptsIt() throws Exception {
    JsonNode old = aliceGrant("{\"phase\": \"Pending\"}");
    JsonNode decided = aliceGrant("{\"phase\": \"Pending\", \"decision\": \"Approved\"}");

    JsonNode grant =
        patched(StatusReviews.statusUpdate(old, decided, "bob@example.com", List.of("developers")));

    JsonNode status = grant.path("status");
    assertThat(status.path("decision").asText()).isEqualTo("Approved");
    assertThat(status.path("decidedBy").asText()).isEqualTo("bob@example.com");
    assertThat(status.path("decidedAt").asText()).isEqualTo("2026-03-01T10:15:30Z");
    assertThat(grant.path("spec")).isEqualTo(decided.path("spec"));
    assertThat(phase(grant)).isEqualTo(GrantPhase.APPROVED);
  }

  @Test
  void aStampTheClientWroteIsOverwritten() throws Exception {
    JsonNode old = aliceGrant("{\"phase\": \"Pending\"}");
    JsonNode forged =
        aliceGrant(
            """
            {"phase": "Pending", "decision": "Denied",
             "decidedBy": "someone-else", "decidedAt": "2020-01-01T00:00:00Z"}
            """);

    JsonNode status =
        patched(StatusReviews.statusUpdate(old, forged, "bob@example.com", List.of()))
            .path("status");

    assertThat(status.path("decision").asText()).isEqualTo("Denied");
    assertThat(status.path("decidedBy").asText()).isEqualTo("bob@example.com");
    assertThat(status.path("decidedAt").asText()).isEqualTo("2026-03-01T10:15:30Z");
  }

  @Test
  void theRequesterMayNotDecideTheirOwnGrantEvenAsAnApprover() throws Exception {
    JsonNode old = aliceGrant(null);
    JsonNode decided = aliceGrant("{\"decision\": \"Approved\"}");

    assertThat(
            refusal(StatusReviews.statusUpdate(old, decided, "alice@example.com", List.of("dba"))))
        .isEqualTo(
            "dbwarden: alice@example.com requested AccessGrant erase-42 and may not decide it;"
                + " ask one of the policy's approvers");
  }

  @Test
  void aServiceAccountRequesterMayNotDecideItsOwnGrant() throws Exception {
    JsonNode old = grant("orders", "ServiceAccount", "ops/release-bot", null);
    JsonNode decided =
        grant("orders", "ServiceAccount", "ops/release-bot", "{\"decision\": \"Approved\"}");

    assertThat(
            refusal(
                StatusReviews.statusUpdate(
                    old, decided, "system:serviceaccount:ops:release-bot", List.of())))
        .contains("requested AccessGrant erase-42 and may not decide it");
  }

  @Test
  void someoneWhoIsNotAnApproverIsRefused() throws Exception {
    JsonNode old = aliceGrant("{\"phase\": \"Pending\"}");
    JsonNode decided = aliceGrant("{\"phase\": \"Pending\", \"decision\": \"Approved\"}");

    assertThat(
            refusal(
                StatusReviews.statusUpdate(
                    old, decided, "mallory@example.com", List.of("developers"))))
        .isEqualTo(
            "dbwarden: mallory@example.com is not an approver of DatabasePolicy shop/orders"
                + " (spec.approvals.approvers), so may not decide AccessGrant erase-42");
  }

  @Test
  void aMemberOfAnApproverGroupMayDecide() throws Exception {
    JsonNode old = aliceGrant("{\"phase\": \"Pending\"}");
    JsonNode decided = aliceGrant("{\"phase\": \"Pending\", \"decision\": \"Denied\"}");

    JsonNode grant =
        patched(
            StatusReviews.statusUpdate(
                old, decided, "carol@example.com", List.of("developers", "dba")));

    assertThat(grant.path("status").path("decidedBy").asText()).isEqualTo("carol@example.com");
    assertThat(phase(grant)).isEqualTo(GrantPhase.DENIED);
  }

  @Test
  void anApproverServiceAccountMayDecide() throws Exception {
    JsonNode old = aliceGrant(null);
    JsonNode decided = aliceGrant("{\"decision\": \"Approved\"}");

    JsonNode grant =
        patched(
            StatusReviews.statusUpdate(
                old, decided, "system:serviceaccount:ops:release-bot", List.of()));

    assertThat(grant.path("status").path("decidedBy").asText())
        .isEqualTo("system:serviceaccount:ops:release-bot");
    assertThat(phase(grant)).isEqualTo(GrantPhase.APPROVED);
  }

  @Test
  void aDecisionIsFinal() throws Exception {
    String denied =
        """
        {"phase": "Denied", "decision": "Denied",
         "decidedBy": "bob@example.com", "decidedAt": "2026-03-01T10:05:00Z"}
        """;
    JsonNode old = aliceGrant(denied);
    ObjectNode flipped = aliceGrant(denied);
    ((ObjectNode) flipped.path("status")).put("decision", "Approved");

    assertThat(
            refusal(StatusReviews.statusUpdate(old, flipped, "carol@example.com", List.of("dba"))))
        .isEqualTo(
            "dbwarden: AccessGrant erase-42 was already decided (Denied by bob@example.com);"
                + " a decision is final, create a new grant instead");
  }

  @Test
  void applyingTheSameDecisionAgainChangesNothing() throws Exception {
    String approved =
        """
        {"phase": "Approved", "decision": "Approved",
         "decidedBy": "bob@example.com", "decidedAt": "2026-03-01T10:05:00Z"}
        """;
    // kubectl patch with the decision alone: the stamp stays as it was.
    assertUntouched(
        send(
            StatusReviews.statusUpdate(
                aliceGrant(approved), aliceGrant(approved), "carol@example.com", List.of("dba"))));
  }

  @Test
  void theStampOfADecisionCannotBeRewrittenNorTheDecisionRemoved() throws Exception {
    String approved =
        """
        {"phase": "Approved", "decision": "Approved",
         "decidedBy": "bob@example.com", "decidedAt": "2026-03-01T10:05:00Z"}
        """;
    ObjectNode later = aliceGrant(approved);
    ((ObjectNode) later.path("status")).put("decidedAt", "2026-03-01T23:00:00Z");
    ObjectNode removed = aliceGrant("{\"phase\": \"Approved\"}");

    for (JsonNode tampered : List.of(later, removed)) {
      JsonNode status =
          patched(
                  StatusReviews.statusUpdate(
                      aliceGrant(approved), tampered, "bob@example.com", List.of()))
              .path("status");
      assertThat(status.path("decision").asText()).isEqualTo("Approved");
      assertThat(status.path("decidedBy").asText()).isEqualTo("bob@example.com");
      assertThat(status.path("decidedAt").asText()).isEqualTo("2026-03-01T10:05:00Z");
    }
  }

  @Test
  void aDecisionOnAGrantWhosePolicyDoesNotExistIsRefused() throws Exception {
    JsonNode old = grant("payments", "User", "alice@example.com", null);
    JsonNode decided =
        grant("payments", "User", "alice@example.com", "{\"decision\": \"Approved\"}");

    assertThat(refusal(StatusReviews.statusUpdate(old, decided, "bob@example.com", List.of("dba"))))
        .isEqualTo(
            "dbwarden: DatabasePolicy shop/payments named by AccessGrant erase-42 does not"
                + " exist, so nobody may decide the grant");
  }

  @Test
  void aStatusWriteThatLeavesTheDecisionAloneGoesThroughUntouched() throws Exception {
    // The operator's own writes: phase, conditions, expiresAt, with or without a decision.
    assertUntouched(
        send(
            StatusReviews.statusUpdate(
                aliceGrant(null),
                aliceGrant("{\"phase\": \"Pending\", \"expiresAt\": \"2026-03-01T11:00:00Z\"}"),
                OPERATOR,
                List.of("system:serviceaccounts"))));
    String approved =
        """
        {"phase": "Pending", "decision": "Approved",
         "decidedBy": "bob@example.com", "decidedAt": "2026-03-01T10:05:00Z"}
        """;
    ObjectNode written = aliceGrant(approved);
    ((ObjectNode) written.path("status"))
        .put("phase", "Approved")
        .put("expiresAt", "2026-03-01T11:05:00Z");
    assertUntouched(
        send(StatusReviews.statusUpdate(aliceGrant(approved), written, OPERATOR, List.of())));
  }
}
