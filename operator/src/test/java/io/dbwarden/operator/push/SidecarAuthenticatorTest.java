package io.dbwarden.operator.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbwarden.api.push.PushProtocol;
import io.dbwarden.operator.sidecars.PodRef;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How a stream's token is bound to the pod it names; TokenReview answered by the mock server. */
@EnableKubernetesMockClient(crud = true)
class SidecarAuthenticatorTest {

  static KubernetesClient client;
  static KubernetesMockServer server;

  private static final TokenReviews TOKENS = new TokenReviews();

  private static final Pod POD = pod("orders-1", "uid-1", "orders");
  private static final PodRef REF = PodRef.of(POD);

  @BeforeAll
  static void answerTokenReviews() {
    TOKENS.answer(server);
  }

  private static Pod pod(String name, String uid, String serviceAccount) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace("shop")
        .withName(name)
        .withUid(uid)
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(serviceAccount)
        .endSpec()
        .build();
  }

  /** An authenticator whose cache holds {@code cached} under the name of {@link #POD}. */
  private static SidecarAuthenticator seeing(Pod cached) {
    return new SidecarAuthenticator(
        new TokenReviewer(client),
        ref -> ref.equals(REF) ? Optional.ofNullable(cached) : Optional.empty());
  }

  private static String bearer(Pod pod) {
    return "Bearer " + TOKENS.issue(pod, PushProtocol.AUDIENCE);
  }

  private static int refusal(SidecarAuthenticator authenticator, String authorization) {
    try {
      authenticator.authenticate(authorization, REF.toString());
      return 200;
    } catch (StreamRefusal refusal) {
      return refusal.status();
    }
  }

  @Test
  void theTokenOfTheNamedPodOpensItsStream() throws StreamRefusal {
    assertThat(seeing(POD).authenticate(bearer(POD), "shop/orders-1")).isEqualTo(REF);
  }

  @Test
  void aTokenOfAnEarlierPodOfTheSameNameIsRefused() {
    Pod earlier = pod("orders-1", "uid-0", "orders");
    assertThatThrownBy(() -> seeing(POD).authenticate(bearer(earlier), REF.toString()))
        .isInstanceOf(StreamRefusal.class)
        .hasMessageContaining("earlier pod");
  }

  @Test
  void theTokenMustBeThePodsServiceAccounts() {
    Pod runningAsOther = pod("orders-1", "uid-1", "billing");
    assertThat(refusal(seeing(runningAsOther), bearer(POD))).isEqualTo(403);
  }

  @Test
  void aPodWithoutASidecarHasNoStream() {
    assertThatThrownBy(() -> seeing(null).authenticate(bearer(POD), REF.toString()))
        .isInstanceOf(StreamRefusal.class)
        .hasMessageContaining("not a pod with a dbwarden sidecar");
  }

  @Test
  void malformedRequestsAreRefusedBeforeAnyReview() {
    assertThat(refusal(seeing(POD), "Basic dXNlcjpwYXNz")).isEqualTo(401);
    assertThatThrownBy(() -> seeing(POD).authenticate(bearer(POD), "orders-1"))
        .isInstanceOf(StreamRefusal.class)
        .extracting(e -> ((StreamRefusal) e).status())
        .isEqualTo(400);
  }

  @Test
  void tokensOfOtherNamespacesAreRefused() {
    Pod elsewhere =
        new PodBuilder(POD).editMetadata().withNamespace("billing").endMetadata().build();
    assertThatThrownBy(() -> seeing(POD).authenticate(bearer(elsewhere), REF.toString()))
        .isInstanceOf(StreamRefusal.class)
        .hasMessageContaining("namespace billing");
  }
}
