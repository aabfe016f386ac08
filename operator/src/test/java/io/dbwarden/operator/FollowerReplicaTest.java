package io.dbwarden.operator;

import static io.dbwarden.operator.OperatorTesting.createCrds;
import static io.dbwarden.operator.OperatorTesting.createPolicy;
import static io.dbwarden.operator.OperatorTesting.createSidecarPod;
import static io.dbwarden.operator.OperatorTesting.eventually;
import static io.dbwarden.operator.OperatorTesting.namespace;
import static io.dbwarden.operator.OperatorTesting.startOperator;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbwarden.api.policy.DatabasePolicy;
import io.dbwarden.operator.sidecars.PodRef;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A replica that is not the leader serves bundles from its caches and writes no status. */
@EnableKubernetesMockClient(crud = true)
class FollowerReplicaTest {

  static KubernetesClient client;
  static KubernetesMockServer server;

  private DbwardenOperator operator;

  @BeforeAll
  static void crds() {
    createCrds(client);
    OperatorTesting.allowLeases(server);
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void aFollowerCompilesBundlesButLeavesStatusToTheLeader() {
    String ns = namespace("follower");
    Lease held =
        new LeaseBuilder()
            .withNewMetadata()
            .withName("dbwarden-operator")
            .withNamespace(ns)
            .endMetadata()
            .withNewSpec()
            .withHolderIdentity("the-leader")
            .withLeaseDurationSeconds(3600)
            .withAcquireTime(now())
            .withRenewTime(now())
            .withLeaseTransitions(0)
            .endSpec()
            .build();
    client.resource(held).create();
    operator = startOperator(client, OperatorTesting.config(0, ns));

    createSidecarPod(client, ns, "orders-1", Map.of("app", "orders"));
    createPolicy(client, ns, OperatorTesting.policySelecting("orders", "orders", ""));

    eventually()
        .untilAsserted(
            () ->
                assertThat(operator.bundles().bundle(new PodRef(ns, "orders-1")))
                    .hasValueSatisfying(
                        b -> assertThat(b.policyNames()).containsExactly("orders")));
    DatabasePolicy policy =
        client.resources(DatabasePolicy.class).inNamespace(ns).withName("orders").get();
    assertThat(policy.getStatus()).isNull();
  }

  private static ZonedDateTime now() {
    return ZonedDateTime.now(ZoneOffset.UTC);
  }
}
