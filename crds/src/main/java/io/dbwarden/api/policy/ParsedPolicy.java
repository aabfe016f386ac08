package io.dbwarden.api.policy;

import io.dbwarden.api.policy.validation.PolicyProblem;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The outcome of {@link PolicyDocuments#parse}: either a bound, valid {@link DatabasePolicy} or
 * every problem found, never both.
 */
public final class ParsedPolicy {

  private final DatabasePolicy policy;
  private final List<PolicyProblem> problems;

  private ParsedPolicy(DatabasePolicy policy, List<PolicyProblem> problems) {
    this.policy = policy;
    this.problems = problems;
  }

  /** A valid policy. */
  public static ParsedPolicy valid(DatabasePolicy policy) {
    return new ParsedPolicy(Objects.requireNonNull(policy, "policy must not be null"), List.of());
  }

  /** A document with problems; there is at least one. */
  public static ParsedPolicy invalid(List<PolicyProblem> problems) {
    Objects.requireNonNull(problems, "problems must not be null");
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid policy has at least one problem");
    }
    return new ParsedPolicy(null, List.copyOf(problems));
  }

  public boolean isValid() {
    return policy != null;
  }

  /**
   * The policy.
   *
   * @throws IllegalStateException listing the problems, if the document was invalid
   */
  public DatabasePolicy policy() {
    if (policy == null) {
      throw new IllegalStateException(
          "invalid policy:\n"
              + problems.stream().map(PolicyProblem::toString).collect(Collectors.joining("\n")));
    }
    return policy;
  }

  /** Every problem, in document order; empty for a valid policy. */
  public List<PolicyProblem> problems() {
    return problems;
  }

  @Override
  public String toString() {
    return isValid()
        ? "ParsedPolicy{valid " + policy.getMetadata().getName() + "}"
        : "ParsedPolicy{problems=" + problems + "}";
  }
}
