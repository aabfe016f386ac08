package io.dbwarden.sidecar.policy.file;

import io.dbwarden.api.policy.validation.PolicyProblem;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A change to the policy file that was not taken: an invalid edit, or the file gone or unreadable.
 *
 * @param source the file
 * @param problems everything wrong, in document order
 * @param keptVersion the version still in force
 */
public record PolicyFileRejection(Path source, List<PolicyProblem> problems, String keptVersion) {

  public PolicyFileRejection {
    Objects.requireNonNull(source, "source must not be null");
    Objects.requireNonNull(keptVersion, "keptVersion must not be null");
    problems = List.copyOf(problems);
  }

  /** {@code FILE: path: message}, one per problem. */
  public List<String> lines() {
    return PolicyFileException.lines(source, problems);
  }
}
