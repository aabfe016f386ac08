package io.dbwarden.api.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The version of a policy: a hash of its spec's content, the same wherever it is computed, so the
 * operator, the sidecars and their ACKs agree on what "version X" means without a counter.
 *
 * <p>The hash covers the canonical JSON of the spec: defaults filled in (a field left out and the
 * same field spelling out its default give one version), keys sorted, no whitespace. List order is
 * kept. Metadata and status do not count.
 */
public final class PolicyVersion {

  /** Hex characters kept of the SHA-256: enough to tell versions apart, short enough to read. */
  public static final int LENGTH = 12;

  private PolicyVersion() {}

  /** The first {@value #LENGTH} hex characters of the SHA-256 of {@link #canonicalJson}. */
  public static String of(DatabasePolicySpec spec) {
    byte[] digest = sha256().digest(canonicalJson(spec).getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest).substring(0, LENGTH);
  }

  /** The spec as hashed: defaults applied, keys sorted, compact. */
  public static String canonicalJson(DatabasePolicySpec spec) {
    Objects.requireNonNull(spec, "spec must not be null");
    // Binding the tree again puts every default back where a field was null or left out.
    DatabasePolicySpec withDefaults =
        PolicyJson.fromTree(PolicyJson.toTree(spec), DatabasePolicySpec.class);
    try {
      return PolicyJson.json().writeValueAsString(sorted(PolicyJson.toTree(withDefaults)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      TreeMap<String, JsonNode> fields = new TreeMap<>();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        fields.put(field.getKey(), sorted(field.getValue()));
      }
      ObjectNode result = JsonNodeFactory.instance.objectNode();
      fields.forEach(result::set);
      return result;
    }
    if (node.isArray()) {
      ArrayNode result = JsonNodeFactory.instance.arrayNode();
      node.forEach(element -> result.add(sorted(element)));
      return result;
    }
    return node;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
