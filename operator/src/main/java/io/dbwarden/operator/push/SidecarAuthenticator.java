package io.dbwarden.operator.push;

import io.dbwarden.api.push.PushProtocol;
import io.dbwarden.operator.sidecars.PodRef;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
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

  private final TokenReviewer reviewer;
  private final Function<PodRef, Optional<Pod>> pods;

  /**
   * @param pods the sidecar pods the operator watches, from its informer cache
   */
  SidecarAuthenticator(TokenReviewer reviewer, Function<PodRef, Optional<Pod>> pods) {
    this.reviewer = Objects.requireNonNull(reviewer, "reviewer must not be null");
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
    PodRef pod = claimedPod(claimed);
    UserInfo user = reviewer.review(authorization);
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
    try {
      return PodRef.parse(claimed);
    } catch (IllegalArgumentException e) {
      throw new StreamRefusal(
          400, "name the pod as namespace/name in the " + PushProtocol.POD_HEADER + " header");
    }
  }
}
