package io.dbwarden.operator.push;

import io.dbwarden.api.push.PushProtocol;
import io.dbwarden.operator.sidecars.PodRef;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides which pod a stream belongs to. The sidecar presents its projected service-account token
 * and names its pod; the API server reviews the token (TokenReview, for audience {@value
 * PushProtocol#AUDIENCE} only, so a token meant for anything else is worthless here), and the
 * review's user must be the service account of that very pod: a kubelet-issued token carries the
 * pod's name and UID, which must match the pod in the informer cache, and that pod must run as the
 * same service account. A sidecar can therefore receive only its own pod's bundle, and report only
 * for its own pod. Calls the API server: never on an event loop.
 *
 * @see <a
 *     href="https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/#bound-service-account-tokens">Bound
 *     service account tokens</a>
 */
final class SidecarAuthenticator {

  static final String POD_NAME = "authentication.kubernetes.io/pod-name";
  static final String POD_UID = "authentication.kubernetes.io/pod-uid";
  private static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

  private final KubernetesClient client;
  private final Function<PodRef, Optional<Pod>> pods;

  /**
   * @param pods the sidecar pods the operator watches, from its informer cache
   */
  SidecarAuthenticator(KubernetesClient client, Function<PodRef, Optional<Pod>> pods) {
    this.client = Objects.requireNonNull(client, "client must not be null");
    this.pods = Objects.requireNonNull(pods, "pods must not be null");
  }

  /**
   * The pod a stream may serve.
   *
   * @param authorization the {@code Authorization} header; null when absent
   * @param claimed the {@value PushProtocol#POD_HEADER} header; null when absent
   * @throws StreamRefusal saying why not
   */
  PodRef authenticate(String authorization, String claimed) throws StreamRefusal {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new StreamRefusal(
          401,
          "present the pod's projected service-account token (audience "
              + PushProtocol.AUDIENCE
              + ") as Authorization: Bearer");
    }
    PodRef pod = claimedPod(claimed);
    UserInfo user = review(authorization.substring(7).strip());
    String username = user.getUsername() == null ? "" : user.getUsername();
    String[] account =
        username.startsWith(SERVICE_ACCOUNT_PREFIX)
            ? username.substring(SERVICE_ACCOUNT_PREFIX.length()).split(":", -1)
            : new String[0];
    if (account.length != 2) {
      throw new StreamRefusal(403, "the token belongs to " + username + ", not a service account");
    }
    if (!account[0].equals(pod.namespace())) {
      throw new StreamRefusal(
          403, "the token belongs to namespace " + account[0] + ", not " + pod.namespace());
    }
    Map<String, List<String>> extra = user.getExtra() == null ? Map.of() : user.getExtra();
    if (!List.of(pod.name()).equals(extra.get(POD_NAME))) {
      throw new StreamRefusal(
          403, "the token was not issued to pod " + pod + ": use the pod's projected token");
    }
    Pod found =
        pods.apply(pod)
            .orElseThrow(
                () ->
                    new StreamRefusal(403, "pod " + pod + " is not a pod with a dbwarden sidecar"));
    if (!List.of(String.valueOf(found.getMetadata().getUid())).equals(extra.get(POD_UID))) {
      throw new StreamRefusal(
          403, "the token was issued to an earlier pod named " + pod.name() + ", not this one");
    }
    String runsAs = found.getSpec().getServiceAccountName();
    if (!account[1].equals(runsAs == null ? "default" : runsAs)) {
      throw new StreamRefusal(403, "pod " + pod + " does not run as service account " + account[1]);
    }
    return pod;
  }

  private static PodRef claimedPod(String claimed) throws StreamRefusal {
    String[] parts = claimed == null ? new String[0] : claimed.split("/", -1);
    if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new StreamRefusal(
          400, "name the pod as namespace/name in the " + PushProtocol.POD_HEADER + " header");
    }
    return new PodRef(parts[0], parts[1]);
  }

  private UserInfo review(String token) throws StreamRefusal {
    TokenReview request =
        new TokenReviewBuilder()
            .withNewSpec()
            .withToken(token)
            .withAudiences(PushProtocol.AUDIENCE)
            .endSpec()
            .build();
    TokenReviewStatus status;
    try {
      status = client.authentication().v1().tokenReviews().create(request).getStatus();
    } catch (KubernetesClientException e) {
      throw new StreamRefusal(503, "the token cannot be reviewed now; try again");
    }
    if (status == null || !Boolean.TRUE.equals(status.getAuthenticated())) {
      throw new StreamRefusal(
          401,
          "the token is not valid for audience "
              + PushProtocol.AUDIENCE
              + (status == null || status.getError() == null ? "" : ": " + status.getError()));
    }
    // An authenticator that ignores audiences answers without them: not good enough.
    if (status.getAudiences() == null || !status.getAudiences().contains(PushProtocol.AUDIENCE)) {
      throw new StreamRefusal(
          401, "the token was not issued for audience " + PushProtocol.AUDIENCE);
    }
    if (status.getUser() == null) {
      throw new StreamRefusal(401, "the token review names no user");
    }
    return status.getUser();
  }
}
