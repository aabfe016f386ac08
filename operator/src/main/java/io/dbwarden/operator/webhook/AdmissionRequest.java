package io.dbwarden.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
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
 */
public record AdmissionRequest(
    String uid, String kind, String operation, String namespace, JsonNode object) {

  public AdmissionRequest {
    Objects.requireNonNull(uid, "uid must not be null");
    Objects.requireNonNull(kind, "kind must not be null");
    Objects.requireNonNull(operation, "operation must not be null");
    Objects.requireNonNull(object, "object must not be null");
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
        request.path("object"));
  }
}
