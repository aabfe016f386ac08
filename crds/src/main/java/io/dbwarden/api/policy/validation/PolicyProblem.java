package io.dbwarden.api.policy.validation;

import java.util.Objects;

/**
 * One thing wrong with a policy document.
 *
 * @param path where, e.g. {@code spec.rules[2].operations[0]}; empty for the document as a whole
 * @param message what is wrong, e.g. {@code unknown operation "SELCT" (did you mean SELECT?)}
 */
public record PolicyProblem(String path, String message) {

  public PolicyProblem {
    Objects.requireNonNull(path, "path must not be null");
    Objects.requireNonNull(message, "message must not be null");
  }

  /** {@code path: message}, or the message alone for the document as a whole. */
  @Override
  public String toString() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
