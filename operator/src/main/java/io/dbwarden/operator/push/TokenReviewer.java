package io.dbwarden.operator.push;

import io.dbwarden.api.push.PushProtocol;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Objects;

/**
 * Asks the API server who a bearer token belongs to (TokenReview), for audience {@value
 * PushProtocol#AUDIENCE} only, so a token issued for anything else is worthless here; and who the
 * operator itself is (SelfSubjectReview), to know its own replicas. Calls the API server: never on
 * an event loop.
 */
final class TokenReviewer {

  private final KubernetesClient client;
  private volatile String self;

  TokenReviewer(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client must not be null");
  }

  /**
   * The user of the token in {@code authorization}, an {@code Authorization} header.
   *
   * @throws StreamRefusal 401 when there is no bearer token or it is not valid for the audience,
   *     503 when the API server cannot be asked
   */
  UserInfo review(String authorization) throws StreamRefusal {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new StreamRefusal(
          401,
          "present the pod's projected service-account token (audience "
              + PushProtocol.AUDIENCE
              + ") as Authorization: Bearer");
    }
    TokenReview request =
        new TokenReviewBuilder()
            .withNewSpec()
            .withToken(authorization.substring(7).strip())
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
    if (status.getUser() == null || status.getUser().getUsername() == null) {
      throw new StreamRefusal(401, "the token review names no user");
    }
    return status.getUser();
  }

  /**
   * The user the operator runs as, asked once.
   *
   * @throws StreamRefusal 503 when the API server cannot be asked
   */
  String self() throws StreamRefusal {
    String known = self;
    if (known != null) {
      return known;
    }
    try {
      SelfSubjectReview review =
          client.authentication().v1().selfSubjectReviews().create(new SelfSubjectReview());
      known = review.getStatus().getUserInfo().getUsername();
    } catch (KubernetesClientException | NullPointerException e) {
      throw new StreamRefusal(503, "the operator cannot tell its own identity now; try again");
    }
    self = known;
    return known;
  }
}
