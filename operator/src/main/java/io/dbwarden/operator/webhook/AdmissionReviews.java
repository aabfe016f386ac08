package io.dbwarden.operator.webhook;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The {@code admission.k8s.io/v1} {@code AdmissionReview} a response travels in. */
public final class AdmissionReviews {

  public static final String API_VERSION = "admission.k8s.io/v1";
  public static final String KIND = "AdmissionReview";

  /** The {@code status.code} of a denial: the request was understood and is not acceptable. */
  private static final int DENIED = 400;

  private AdmissionReviews() {}

  /** The review answering request {@code uid} with {@code response}. */
  public static ObjectNode response(String uid, AdmissionResponse response) {
    ObjectNode review = JsonNodeFactory.instance.objectNode();
    review.put("apiVersion", API_VERSION).put("kind", KIND);
    ObjectNode body = review.putObject("response").put("uid", uid);
    body.put("allowed", response.allowed());
    if (response.message() != null) {
      body.putObject("status").put("code", DENIED).put("message", response.message());
    }
    if (response.patch() != null) {
      body.put("patchType", "JSONPatch");
      body.put(
          "patch",
          Base64.getEncoder()
              .encodeToString(response.patch().toString().getBytes(StandardCharsets.UTF_8)));
    }
    if (!response.warnings().isEmpty()) {
      response.warnings().forEach(body.putArray("warnings")::add);
    }
    return review;
  }
}
