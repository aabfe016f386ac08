package io.dbwarden.api.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbwarden.api.policy.PolicyJson;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads and writes {@link StreamMessage}s. Specs inside bundles are bound as policy documents are
 * ({@link PolicyJson}), so a bundle means on the sidecar exactly what it meant on the operator.
 */
public final class StreamMessages {

  private static final ObjectMapper TREES = new ObjectMapper();

  private StreamMessages() {}

  /** {@code message} as compact JSON. */
  public static String write(StreamMessage message) {
    return PolicyJson.toJson(Objects.requireNonNull(message, "message must not be null"));
  }

  /**
   * The version of the bundle {@code text} carries, when it is a bundle message at all, read
   * without binding the policies: a sidecar older than the operator may not understand a bundle,
   * and says so in a NACK for that version rather than leaving it unanswered.
   */
  public static Optional<String> bundleVersion(String text) {
    try {
      JsonNode tree = TREES.readTree(text);
      JsonNode version = tree == null ? null : tree.path("bundle").path("version");
      return tree != null && "bundle".equals(tree.path("type").asText()) && version.isTextual()
          ? Optional.of(version.asText())
          : Optional.empty();
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /**
   * The message {@code text} holds.
   *
   * @throws IllegalArgumentException if it is not JSON or not a known message
   */
  public static StreamMessage read(String text) {
    Objects.requireNonNull(text, "text must not be null");
    JsonNode tree;
    try {
      tree = TREES.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new IllegalArgumentException("a stream message is a JSON object");
    }
    return PolicyJson.fromTree(tree, StreamMessage.class);
  }
}
