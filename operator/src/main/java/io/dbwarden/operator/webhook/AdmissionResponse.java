package io.dbwarden.operator.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import java.util.Objects;

/**
 * A webhook's answer.
 *
 * @param allowed whether the request may proceed
 * @param message why it may not (shown to the user by kubectl); null when allowed
 * @param patch the JSON Patch to apply to the object; null for none
 * @param warnings shown to the user by kubectl even when allowed
 */
public record AdmissionResponse(
    boolean allowed, String message, ArrayNode patch, List<String> warnings) {

  public AdmissionResponse {
    warnings = List.copyOf(warnings);
    if (allowed == (message != null)) {
      throw new IllegalArgumentException("a message goes with a denial, and only with one");
    }
    if (!allowed && patch != null) {
      throw new IllegalArgumentException("a denial has no patch");
    }
  }

  /** Allowed as it is. */
  public static AdmissionResponse allow() {
    return new AdmissionResponse(true, null, null, List.of());
  }

  /** Allowed as it is, with a warning for the user. */
  public static AdmissionResponse allowWithWarning(String warning) {
    return new AdmissionResponse(
        true, null, null, List.of(Objects.requireNonNull(warning, "warning must not be null")));
  }

  /** Allowed once {@code patch} is applied. */
  public static AdmissionResponse patch(JsonPatch patch) {
    return new AdmissionResponse(true, null, patch.operations(), List.of());
  }

  /** Refused, saying why. */
  public static AdmissionResponse deny(String message) {
    return new AdmissionResponse(
        false, Objects.requireNonNull(message, "message must not be null"), null, List.of());
  }
}
