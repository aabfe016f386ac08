package io.dbwarden.kubectl.grants;

import static io.dbwarden.kubectl.PluginTesting.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbwarden.api.grant.AccessGrant;
import io.dbwarden.kubectl.PluginTesting.Run;
import io.fabric8.kubernetes.api.model.DefaultKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;

/**
 * The order and the times {@code pending} shows, from grants created at known times (the mock
 * server in expectation mode; in CRUD mode it stamps its own creation times).
 */
@EnableKubernetesMockClient
class PendingOrderTest {

  static KubernetesMockServer server;
  static KubernetesClient client;

  @Test
  void oldestFirstWithAgeAndExpiry() {
    DefaultKubernetesResourceList<AccessGrant> list = new DefaultKubernetesResourceList<>();
    list.setItems(
        java.util.List.of(
            grant("shop", "newest", "2025-03-01T11:48:00Z", "2025-03-01T12:48:00Z"),
            grant("shop", "oldest", "2025-02-27T10:00:00Z", "2025-02-28T10:00:00Z"),
            grant("billing", "middle", "2025-03-01T07:30:00Z", null)));
    server
        .expect()
        .get()
        .withPath("/apis/dbwarden.io/v1alpha1/accessgrants")
        .andReturn(200, list)
        .once();

    Run run = run(client, "pending", "-A");

    assertThat(run.exitCode()).isZero();
    assertThat(PendingCommandTest.column(run, 1)).containsExactly("oldest", "middle", "newest");
    assertThat(PendingCommandTest.column(run, 6)).containsExactly("2d", "4h", "12m");
    assertThat(run.out().lines().skip(1).map(l -> l.substring(l.lastIndexOf("   ") + 3)))
        .containsExactly("26h ago", "-", "in 48m");
  }

  private static AccessGrant grant(String namespace, String name, String created, String expires) {
    AccessGrant grant =
        client
            .getKubernetesSerialization()
            .unmarshal(
                PendingCommandTest.yaml(name, "DELETE FROM t WHERE id = 1"), AccessGrant.class);
    grant.getMetadata().setNamespace(namespace);
    grant.getMetadata().setCreationTimestamp(created);
    if (expires != null) {
      grant.setStatus(new io.dbwarden.api.grant.AccessGrantStatus());
      grant.getStatus().setExpiresAt(expires);
    }
    return grant;
  }
}
