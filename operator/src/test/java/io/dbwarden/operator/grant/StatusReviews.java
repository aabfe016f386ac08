package io.dbwarden.operator.grant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.UUID;

/**
 * The AdmissionReview the API server sends the decision webhook for an update of an AccessGrant's
 * status subresource, as {@code kubectl patch --subresource=status} makes it.
 */
public final class StatusReviews {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusReviews() {}

  /**
   * The review of {@code username} (in {@code groups}) changing the grant {@code old} into {@code
   * object}; name and namespace come from the grant's metadata.
   */
  public static ObjectNode statusUpdate(
      JsonNode old, JsonNode object, String username, List<String> groups) {
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
    ObjectNode request = review.putObject("request");
    request.put("uid", UUID.randomUUID().toString());
    request
        .putObject("kind")
        .put("group", "dbwarden.io")
        .put("version", "v1alpha1")
        .put("kind", "AccessGrant");
    request
        .putObject("resource")
        .put("group", "dbwarden.io")
        .put("version", "v1alpha1")
        .put("resource", "accessgrants");
    request.put("subResource", "status");
    JsonNode metadata = object.path("metadata");
    request
        .put("name", metadata.path("name").asText())
        .put("namespace", metadata.path("namespace").asText())
        .put("operation", "UPDATE");
    ObjectNode userInfo = request.putObject("userInfo").put("username", username);
    groups.forEach(userInfo.putArray("groups")::add);
    request.set("object", object);
    request.set("oldObject", old);
    return review;
  }
}
