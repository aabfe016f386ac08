package io.dbwarden.sidecar.policy;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What each Execute of an extended-protocol statement must pass, with the values bound for it. A
 * statement held for approval is judged at Parse, but approved for its values, and each run takes
 * one of the grant's executions: only the Execute knows both.
 */
@FunctionalInterface
public interface ExecuteCheck {

  /**
   * @param prepared the statement's decision from its Parse
   * @param bound the values bound for this Execute in parameter order (null for SQL NULL)
   * @return the decision for this Execute: {@code prepared} (with what to report once it ran), or a
   *     refusal
   */
  CompletableFuture<Decision> check(Decision prepared, List<String> bound);
}
