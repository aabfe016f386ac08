package io.dbwarden.sidecar.policy.file;

import io.dbwarden.api.policy.DatabasePolicy;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A valid policy read from a file.
 *
 * @param policy the policy, defaults applied
 * @param version its {@link io.dbwarden.api.policy.PolicyVersion}
 * @param source the file it came from
 */
public record LoadedPolicy(DatabasePolicy policy, String version, Path source) {

  public LoadedPolicy {
    Objects.requireNonNull(policy, "policy must not be null");
    Objects.requireNonNull(version, "version must not be null");
    Objects.requireNonNull(source, "source must not be null");
  }
}
