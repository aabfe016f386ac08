package io.dbwarden.api.bundle;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbwarden.api.policy.PolicyVersion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Every valid policy that selects one workload, as the operator sends it to the workload's sidecar.
 * Its version is a content hash, like a policy's: the same policies give the same version wherever
 * and whenever it is computed, so an operator that restarted recognises the version a sidecar
 * acknowledged before.
 *
 * <p>The version is the first {@value PolicyVersion#LENGTH} hex characters of the SHA-256 of the
 * canonical JSON {@code {"policies":[{"name":...,"spec":...,"version":...},...]}}: policies sorted
 * by name, each spec as {@link PolicyVersion#canonicalJson} writes it (defaults filled in, keys
 * sorted), no whitespace. An empty bundle has a version too: a workload no policy selects any more.
 *
 * @param version the content hash
 * @param policies the policies, sorted by name
 */
@JsonPropertyOrder({"version", "policies"})
public record PolicyBundle(String version, List<BundledPolicy> policies) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public PolicyBundle {
    Objects.requireNonNull(version, "version must not be null");
    policies = List.copyOf(Objects.requireNonNull(policies, "policies must not be null"));
  }

  /** The bundle of {@code policies}, in name order, with its version computed. */
  public static PolicyBundle of(List<BundledPolicy> policies) {
    Objects.requireNonNull(policies, "policies must not be null");
    List<BundledPolicy> sorted =
        policies.stream().sorted(Comparator.comparing(BundledPolicy::name)).toList();
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).name().equals(sorted.get(i - 1).name())) {
        throw new IllegalArgumentException("policy " + sorted.get(i).name() + " is listed twice");
      }
    }
    return new PolicyBundle(versionOf(sorted), sorted);
  }

  /** The canonical JSON the version hashes. */
  public static String canonicalJson(List<BundledPolicy> sortedPolicies) {
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    try {
      for (BundledPolicy policy : sortedPolicies) {
        ObjectNode entry = list.addObject();
        entry.put("name", policy.name());
        // The canonical spec is already sorted and compact; reading it keeps its key order.
        entry.set("spec", JSON.readTree(PolicyVersion.canonicalJson(policy.spec())));
        entry.put("version", policy.version());
      }
      ObjectNode root = JsonNodeFactory.instance.objectNode();
      root.set("policies", list);
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("canonical JSON always reads back", e);
    }
  }

  /** The names of the policies in the bundle. */
  public List<String> policyNames() {
    return policies.stream().map(BundledPolicy::name).toList();
  }

  /** Whether the bundle holds {@code name} at {@code version}. */
  public boolean contains(String name, String version) {
    return policies.stream().anyMatch(p -> p.name().equals(name) && p.version().equals(version));
  }

  private static String versionOf(List<BundledPolicy> sorted) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(canonicalJson(sorted).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, PolicyVersion.LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
