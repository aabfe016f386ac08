package io.dbwarden.sidecar.policy.file;

import io.dbwarden.api.policy.validation.PolicyProblem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A policy file that cannot be used: unreadable, or not a valid {@code DatabasePolicy}. The message
 * lists every problem on a line of its own, as {@code FILE: path: message}.
 */
public final class PolicyFileException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient Path source;
  private final transient List<PolicyProblem> problems;

  PolicyFileException(Path source, List<PolicyProblem> problems) {
    super(describe(source, problems));
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  PolicyFileException(Path source, String problem, Throwable cause) {
    this(source, List.of(new PolicyProblem("", problem)));
    if (cause != null) {
      initCause(cause);
    }
  }

  public Path source() {
    return source;
  }

  /** Every problem, in document order. */
  public List<PolicyProblem> problems() {
    return problems;
  }

  /** {@code FILE: path: message}, one per problem. */
  public List<String> lines() {
    return lines(source, problems);
  }

  static List<String> lines(Path source, List<PolicyProblem> problems) {
    return problems.stream().map(problem -> source + ": " + problem).toList();
  }

  private static String describe(Path source, List<PolicyProblem> problems) {
    Objects.requireNonNull(source, "source must not be null");
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a rejected policy file has at least one problem");
    }
    String count = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
    return "policy file "
        + source
        + " has "
        + count
        + ":\n"
        + String.join("\n", lines(source, problems));
  }
}
