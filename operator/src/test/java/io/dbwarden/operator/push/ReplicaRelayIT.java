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
import io.dbwarden.api.push.PushProtocol;
import io.dbwarden.api.push.StreamMessage;
import io.dbwarden.api.push.StreamMessages;
import io.dbwarden.operator.DbwardenOperator;
import io.dbwarden.operator.OperatorTesting;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas on one mock API server: a sidecar connected to the one that is not the leader gets
 * its bundle from it, and its ACK reaches status through the leader.
 */
@EnableKubernetesMockClient(crud = true)
class ReplicaRelayIT {

  static KubernetesClient client;
  static KubernetesMockServer server;

  private static final TokenReviews TOKENS = new TokenReviews();

  /** The operator's own pod, as its projected token describes it. */
  private static final Pod OPERATOR =
      new PodBuilder()
          .withNewMetadata()
          .withNamespace("dbwarden-system")
          .withName("dbwarden-operator-0")
          .withUid("operator-uid")
          .endMetadata()
          .withNewSpec()
          .withServiceAccountName("dbwarden-operator")
          .endSpec()
          .build();

  @TempDir Path directory;

  private DbwardenOperator leader;
  private DbwardenOperator follower;

  @BeforeAll
  static void mockServer() {
    createCrds(client);
    OperatorTesting.allowLeases(server);
    TOKENS.answer(server);
    server
        .expect()
        .post()
        .withPath("/apis/authentication.k8s.io/v1/selfsubjectreviews")
        .andReturn(
            201,
            new SelfSubjectReviewBuilder()
                .withNewStatus()
                .withNewUserInfo()
                .withUsername("system:serviceaccount:dbwarden-system:dbwarden-operator")
                .endUserInfo()
                .endStatus()
                .build())
        .always();
  }

  @AfterEach
  void stop() {
    if (follower != null) {
      follower.close();
    }
    if (leader != null) {
      leader.close();
    }
  }

  private DbwardenOperator replica(String leaseNamespace, Path token) {
    return startOperator(
        client, OperatorTesting.config(0, leaseNamespace, null, null, "127.0.0.1", token));
  }

  @Test
  void reportsToAFollowerReachStatusThroughTheLeader() throws Exception {
    String ns = namespace("relay");
    Path token = directory.resolve("token");
    Files.writeString(token, TOKENS.issue(OPERATOR, PushProtocol.AUDIENCE));
    Pod pod = createSidecarPod(client, ns, "orders-1", Map.of("app", "orders"));
    createPolicy(client, ns, policySelecting("orders", "orders", ""));

    leader = replica(ns, token);
    // Only the leader writes status: once there is some, the first replica leads.
    eventually().untilAsserted(() -> assertThat(fetch(ns).getStatus()).isNotNull());
    follower = replica(ns, token);

    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    WebSocket sidecar =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .header("Authorization", "Bearer " + TOKENS.issue(pod, PushProtocol.AUDIENCE))
            .header(PushProtocol.POD_HEADER, ns + "/orders-1")
            .buildAsync(
                URI.create("ws://127.0.0.1:" + follower.streamPort() + PushProtocol.PATH),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(
                      WebSocket webSocket, CharSequence data, boolean last) {
                    received.add(data.toString());
                    webSocket.request(1);
                    return null;
                  }
                })
            .join();
    sidecar.sendText(StreamMessages.write(new StreamMessage.Hello(null)), true).join();
    // The grants of the pod's policies come too; the bundle is what is acknowledged.
    StreamMessage message;
    do {
      String text = received.poll(30, TimeUnit.SECONDS);
      assertThat(text).as("the follower's bundle").isNotNull();
      message = StreamMessages.read(text);
    } while (!(message instanceof StreamMessage.Bundle));
    String version = ((StreamMessage.Bundle) message).bundle().version();
    sidecar.sendText(StreamMessages.write(new StreamMessage.Ack(version)), true).join();

    eventually()
        .untilAsserted(
            () -> assertThat(fetch(ns).getStatus().getSidecars().getSummary()).isEqualTo("1/1"));
    sidecar.abort();
  }

  @Test
  void onlyTheOperatorsOwnReplicasMayRelay() throws Exception {
    String ns = namespace("forged-relay");
    Path token = directory.resolve("token");
    Files.writeString(token, TOKENS.issue(OPERATOR, PushProtocol.AUDIENCE));
    Pod pod = createSidecarPod(client, ns, "orders-1", Map.of("app", "orders"));
    leader = replica(ns, token);

    // A sidecar's valid token would let it report ACKs and audit counts for any pod.
    assertThat(
            StreamUpgrades.attempt(
                leader.streamPort(),
                PushProtocol.REPLICAS_PATH,
                null,
                TOKENS.issue(pod, PushProtocol.AUDIENCE)))
        .startsWith("403")
        .contains("only the operator's own replicas relay");
    assertThat(
            StreamUpgrades.attempt(
                leader.streamPort(), PushProtocol.REPLICAS_PATH, null, "forged.token.value"))
        .startsWith("401");
    assertThat(
            StreamUpgrades.attempt(
                leader.streamPort(),
                PushProtocol.REPLICAS_PATH,
                null,
                TOKENS.issue(OPERATOR, PushProtocol.AUDIENCE)))
        .isEqualTo("open");
  }

  private static DatabasePolicy fetch(String namespace) {
    return client.resources(DatabasePolicy.class).inNamespace(namespace).withName("orders").get();
  }
}
