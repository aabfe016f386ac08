package io.dbwarden.kubectl.grants;

import static io.dbwarden.kubectl.PluginTesting.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbwarden.api.grant.AccessGrant;
import io.dbwarden.kubectl.PluginTesting.Run;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;

/**
 * What only a real API server says: dbwarden's admission webhook refusing a decision, a cluster
 * without the CRDs. The mock server in expectation mode answers as the API server would.
 */
@EnableKubernetesMockClient
class GrantRefusalsTest {

  private static final String GRANT = "/apis/dbwarden.io/v1alpha1/namespaces/shop/accessgrants";

  static KubernetesMockServer server;
  static KubernetesClient client;

  @Test
  void theWebhooksRefusalIsShownAndExitsOne() {
    AccessGrant grant =
        client
            .getKubernetesSerialization()
            .unmarshal(
                PendingCommandTest.yaml("erasure-123", "DELETE FROM customers WHERE id = 42"),
                AccessGrant.class);
    grant.getMetadata().setNamespace("shop");
    server.expect().get().withPath(GRANT + "/erasure-123").andReturn(200, grant).once();
    String refusal =
        "admission webhook \"grant-decisions.dbwarden.io\" denied the request: dbwarden:"
            + " alice@example.com requested AccessGrant erasure-123 and may not decide it; ask one"
            + " of the policy's approvers";
    server
        .expect()
        .patch()
        .withPath(GRANT + "/erasure-123/status")
        .andReturn(403, failure(403, "Forbidden", refusal))
        .once();

    Run run = run(client, "approve", "erasure-123", "-n", "shop");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.out()).startsWith("Approving AccessGrant erasure-123 in namespace shop:");
    assertThat(run.err())
        .isEqualTo(
            "error: the API server refused to approve AccessGrant erasure-123: " + refusal + "\n");
  }

  @Test
  void withoutTheCrdsTheClusterSaysSoInOneLine() {
    Status notFound = failure(404, "NotFound", "the server could not find the requested resource");
    server.expect().get().withPath(GRANT + "/erasure-123").andReturn(404, notFound).once();
    server.expect().get().withPath(GRANT + "?limit=1").andReturn(404, notFound).once();

    Run run = run(client, "deny", "erasure-123", "-n", "shop");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo(
            "error: the API server does not serve accessgrants.dbwarden.io: the dbwarden CRDs are"
                + " not installed in this cluster (helm install dbwarden ./helm/dbwarden, or"
                + " kubectl apply -f crds/)\n");
  }

  @Test
  void pendingWithoutTheCrdsToo() {
    Status notFound = failure(404, "NotFound", "the server could not find the requested resource");
    server.expect().get().withPath(GRANT).andReturn(404, notFound).once();

    Run run = run(client, "pending", "-n", "shop");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("the dbwarden CRDs are not installed");
  }

  @Test
  void rbacsRefusalToListIsShown() {
    String forbidden =
        "accessgrants.dbwarden.io is forbidden: User \"dave\" cannot list resource"
            + " \"accessgrants\" in API group \"dbwarden.io\" in the namespace \"shop\"";
    server
        .expect()
        .get()
        .withPath(GRANT)
        .andReturn(403, failure(403, "Forbidden", forbidden))
        .once();

    Run run = run(client, "pending", "-n", "shop");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("error: " + forbidden + "\n");
  }

  static Status failure(int code, String reason, String message) {
    return new StatusBuilder()
        .withStatus("Failure")
        .withCode(code)
        .withReason(reason)
        .withMessage(message)
        .build();
  }
}
