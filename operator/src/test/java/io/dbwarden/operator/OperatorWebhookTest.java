package io.dbwarden.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbwarden.operator.certs.HttpsTesting;
import io.dbwarden.operator.certs.WebhookTls;
import io.dbwarden.operator.grant.GrantDecisions;
import io.dbwarden.operator.injection.PodInjector;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The whole operator configured by its flags with the webhook on, against the example webhook
 * configuration: it creates its certificate, patches the example's caBundle into both webhooks,
 * injects a pod and serves the grant decision webhook.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorWebhookTest {

  static KubernetesClient client;

  @Test
  void theOperatorServesTheInjectionWebhookWithItsOwnCertificate() throws Exception {
    try (InputStream in =
        Files.newInputStream(
            OperatorTesting.REPOSITORY.resolve("examples/injection/webhook.yaml"))) {
      client.load(in).create();
    }
    OperatorMain main = new OperatorMain();
    new CommandLine(main)
        .parseArgs(
            "--http-host=127.0.0.1",
            "--http-port=0",
            "--webhook-port=0",
            "--no-leader-election",
            "--operator-namespace=dbwarden-system",
            "--log-format=text");
    try (DbwardenOperator operator =
        new DbwardenOperator(main.config(), client, Clock.systemUTC())) {
      operator.start();

      WebhookTls tls =
          WebhookTls.fromSecret(
                  client
                      .secrets()
                      .inNamespace("dbwarden-system")
                      .withName("dbwarden-webhook-tls")
                      .get())
              .orElseThrow();
      assertThat(
              client
                  .admissionRegistration()
                  .v1()
                  .mutatingWebhookConfigurations()
                  .withName("dbwarden")
                  .get()
                  .getWebhooks())
          .extracting(MutatingWebhook::getClientConfig)
          .extracting(
              c ->
                  new String(
                      Base64.getDecoder().decode(c.getCaBundle()), StandardCharsets.US_ASCII))
          .containsExactly(tls.caBundlePem(), tls.caBundlePem());

      String review;
      try (InputStream in = getClass().getResourceAsStream("/admission/labelled-pod.json")) {
        review = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      HttpResponse<String> reply =
          HttpsTesting.postToAnyName(tls.cas(), operator.webhookPort(), PodInjector.PATH, review);
      JsonNode response = new ObjectMapper().readTree(reply.body()).path("response");
      assertThat(response.path("allowed").asBoolean()).isTrue();
      assertThat(response.path("patchType").asText()).isEqualTo("JSONPatch");
      assertThat(
              new String(
                  Base64.getDecoder().decode(response.path("patch").asText()),
                  StandardCharsets.UTF_8))
          .contains("\"name\":\"dbwarden\"", "\"restartPolicy\":\"Always\"");

      // A status write by the operator itself: no decision changes, so it passes untouched.
      String statusWrite =
          """
          {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
           "request": {"uid": "1", "kind": {"group": "dbwarden.io", "version": "v1alpha1",
                                             "kind": "AccessGrant"},
                       "operation": "UPDATE", "namespace": "shop", "subResource": "status",
                       "userInfo": {"username": "system:serviceaccount:dbwarden-system:dbwarden"},
                       "oldObject": {"spec": {"policy": "orders"}},
                       "object": {"spec": {"policy": "orders"}, "status": {"phase": "Pending"}}}}
          """;
      JsonNode decisions =
          new ObjectMapper()
              .readTree(
                  HttpsTesting.postToAnyName(
                          tls.cas(), operator.webhookPort(), GrantDecisions.PATH, statusWrite)
                      .body())
              .path("response");
      assertThat(decisions.path("allowed").asBoolean()).isTrue();
      assertThat(decisions.has("patch")).isFalse();
    }
  }
}
