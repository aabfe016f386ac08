package io.dbwarden.operator.push;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API server's TokenReview, for the mock server: knows the tokens it issued and answers as a
 * real API server does for kubelet-issued (pod-bound) projected tokens, audience included.
 */
final class TokenReviews {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final Map<String, Issued> issued = new ConcurrentHashMap<>();

  /** A token for {@code pod}'s service account, bound to the pod, for {@code audience}. */
  String issue(Pod pod, String audience) {
    String token = UUID.randomUUID().toString();
    String account = pod.getSpec().getServiceAccountName();
    issued.put(
        token,
        new Issued(
            pod.getMetadata().getNamespace(),
            account == null ? "default" : account,
            pod.getMetadata().getName(),
            pod.getMetadata().getUid(),
            audience));
    return token;
  }

  /** Makes {@code server} answer token reviews from here, alongside its CRUD behaviour. */
  void answer(KubernetesMockServer server) {
    server
        .expect()
        .post()
        .withPath("/apis/authentication.k8s.io/v1/tokenreviews")
        .andReply(201, request -> review(JSON.unmarshal(request.getUtf8Body(), TokenReview.class)))
        .always();
  }

  private TokenReview review(TokenReview request) {
    Issued token = issued.get(request.getSpec().getToken());
    List<String> wanted = request.getSpec().getAudiences();
    if (token == null || !wanted.contains(token.audience)) {
      request.setStatus(
          new TokenReviewStatusBuilder()
              .withAuthenticated(false)
              .withError(
                  token == null
                      ? "invalid bearer token"
                      : "token audiences ["
                          + token.audience
                          + "] is invalid for the target audiences "
                          + wanted)
              .build());
      return request;
    }
    request.setStatus(
        new TokenReviewStatusBuilder()
            .withAuthenticated(true)
            .withAudiences(token.audience)
            .withNewUser()
            .withUsername("system:serviceaccount:" + token.namespace + ":" + token.account)
            .addToExtra(SidecarAuthenticator.POD_NAME, List.of(token.pod))
            .addToExtra(SidecarAuthenticator.POD_UID, List.of(token.uid))
            .endUser()
            .build());
    return request;
  }

  private record Issued(
      String namespace, String account, String pod, String uid, String audience) {}
}
