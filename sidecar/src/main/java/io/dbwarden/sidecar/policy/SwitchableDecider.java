package io.dbwarden.sidecar.policy;

import io.dbwarden.sidecar.proxy.SessionInfo;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The decision step of a sidecar whose policy arrives later (from the operator): it refuses every
 * statement, saying why, until {@link #use} hands it the decider to follow. Failing closed: without
 * a policy, nothing was judged, so nothing runs.
 */
public final class SwitchableDecider implements StatementDecider {

  private volatile StatementDecider current;

  /** Refuses everything under {@code rule}, saying {@code why} and what to do. */
  public SwitchableDecider(String rule, String why, String advice) {
    refuseAll(rule, why, advice);
  }

  /** Judges the statements from now on with {@code decider}. */
  public void use(StatementDecider decider) {
    current = Objects.requireNonNull(decider, "decider must not be null");
  }

  /** Refuses every statement from now on, under {@code rule}, saying {@code why}. */
  public void refuseAll(String rule, String why, String advice) {
    CompletableFuture<Decision> refusal =
        CompletableFuture.completedFuture(
            Refusals.refuse(rule, why, advice).withFacts(QueryFacts.opaque("no policy", null)));
    current = (session, request) -> refusal;
  }

  @Override
  public CompletionStage<Decision> decide(SessionInfo session, StatementRequest request) {
    return current.decide(session, request);
  }
}
