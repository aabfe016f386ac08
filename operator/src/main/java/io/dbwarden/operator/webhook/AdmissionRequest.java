package io.dbwarden.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The part of an {@code admission.k8s.io/v1} {@code AdmissionReview}'s {@code request} webhooks
 * look at.
 *
 * @param uid identifies the request; the response must carry it back
 * @param kind the object's kind, e.g. {@code Pod}
 * @param operation {@code CREATE}, {@code UPDATE}, {@code DELETE} or {@code CONNECT}
 * @param namespace the request's namespace (a pod created from a template has none in its own
 *     metadata yet)
 * @param object the object as the API server sent it, unknown fields included
 * @param oldObject the object before an UPDATE (a missing node for other operations)
 * @param user who sends the request, as the API server authenticated them
 */
public record AdmissionRequest(
    String uid,
    String kind,
    String operation,
    String namespace,
    JsonNode object,
    JsonNode oldObject,
    UserInfo user) {

  public AdmissionRequest {
    Objects.requireNonNull(uid, "uid must not be null");
    Objects.requireNonNull(kind, "kind must not be null");
    Objects.requireNonNull(operation, "operation must not be null");
    Objects.requireNonNull(object, "object must not be null");
    Objects.requireNonNull(oldObject, "oldObject must not be null");
    Objects.requireNonNull(user, "user must not be null");
  }

  /**
   * The request's {@code userInfo}.
   *
   * @param username the user name, {@code system:serviceaccount:NAMESPACE:NAME} for a service
   *     account; empty when the review has none
   * @param groups the user's groups
   */
  public record UserInfo(String username, List<String> groups) {

    public UserInfo {
      Objects.requireNonNull(username, "username must not be null");
      groups = List.copyOf(groups);
    }

    static UserInfo of(JsonNode userInfo) {
      List<String> groups = new ArrayList<>();
      userInfo.path("groups").forEach(g -> groups.add(g.asText()));
      return new UserInfo(userInfo.path("username").asText(""), groups);
    }
  }

  /**
   * The request of {@code review}.
   *
   * @throws IllegalArgumentException when it is not an {@code admission.k8s.io/v1} review with a
   *     request
   */
  public static AdmissionRequest of(JsonNode review) {
    if (!AdmissionReviews.API_VERSION.equals(review.path("apiVersion").asText())
        || !AdmissionReviews.KIND.equals(review.path("kind").asText())) {
      throw new IllegalArgumentException("not an admission.k8s.io/v1 AdmissionReview");
    }
    JsonNode request = review.path("request");
    String uid = request.path("uid").asText("");
    if (uid.isEmpty()) {
      throw new IllegalArgumentException("the AdmissionReview has no request.uid");
    }
    JsonNode namespace = request.path("namespace");
    return new AdmissionRequest(
        uid,
        request.path("kind").path("kind").asText(""),
        request.path("operation").asText(""),
        namespace.isTextual() ? namespace.asText() : null,
        request.path("object"),
        request.path("oldObject"),
        UserInfo.of(request.path("userInfo")));
  }
}
