package io.dbwarden.api.bundle;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.dbwarden.api.policy.DatabasePolicySpec;
import io.dbwarden.api.policy.PolicyVersion;
import java.util.Objects;

/**
 * One policy of a {@link PolicyBundle}.
 *
 * @param name the policy's {@code metadata.name} (bundles hold the policies of one namespace)
 * @param version {@link PolicyVersion#of} the spec
 * @param spec what the sidecar enforces
 */
@JsonPropertyOrder({"name", "version", "spec"})
public record BundledPolicy(String name, String version, DatabasePolicySpec spec) {

  public BundledPolicy {
    Objects.requireNonNull(name, "name must not be null");
    Objects.requireNonNull(version, "version must not be null");
    Objects.requireNonNull(spec, "spec must not be null");
  }

  /** The policy named {@code name} with {@code spec}, its version computed. */
  public static BundledPolicy of(String name, DatabasePolicySpec spec) {
    return new BundledPolicy(name, PolicyVersion.of(spec), spec);
  }
}
