package io.dbwarden.sidecar.policy;

import io.dbwarden.api.policy.validation.PolicyProblem;
import java.util.List;
import java.util.stream.Collectors;

/** A policy document with problems; the message lists every one, each with its path. */
public final class InvalidPolicyException extends RuntimeException {

  private final List<PolicyProblem> problems;

  public InvalidPolicyException(String source, List<PolicyProblem> problems) {
    super(
        "invalid policy "
            + source
            + ":\n"
            + problems.stream()
                .map(p -> "  " + source + ": " + p.path() + ": " + p.message())
                .collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<PolicyProblem> problems() {
    return problems;
  }
}
