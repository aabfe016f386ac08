package io.dbwarden.sidecar.approval;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Where the decision step takes a statement a policy holds for approval: it runs under an approved
 * grant with executions left; otherwise its request is recorded (once, however often it is retried)
 * and the statement waits for the decision as long as the policy says, then is refused with the
 * grant's name and how to approve it.
 */
public final class ApprovalGate {

  /** The answer for one held statement. */
  public record Verdict(Grant grant, boolean granted, String refusal) {

    static Verdict granted(Grant grant) {
      return new Verdict(grant, true, null);
    }

    static Verdict refused(Grant grant, String why) {
      return new Verdict(grant, false, why);
    }
  }

  /** Without a store, nothing can be approved: a held statement is refused, saying so. */
  public static final ApprovalGate UNAVAILABLE = new ApprovalGate(null, grant -> "");

  private final GrantStore store;
  private final Function<Grant, String> howToApprove;

  /**
   * @param howToApprove the command that approves a grant, for the refusal message
   */
  public ApprovalGate(GrantStore store, Function<Grant, String> howToApprove) {
    this.store = store;
    this.howToApprove = howToApprove;
  }

  /** Approvals decided through {@code dbwarden approvals approve NAME} on the admin port. */
  public static ApprovalGate local(GrantStore store) {
    return new ApprovalGate(store, grant -> "dbwarden approvals approve " + grant.name());
  }

  public GrantStore store() {
    return store;
  }

  /**
   * @param holdFor how long to wait for a decision before refusing; zero refuses at once
   */
  public CompletableFuture<Verdict> check(ApprovalRequest request, Duration holdFor) {
    if (store == null) {
      return CompletableFuture.completedFuture(
          Verdict.refused(null, "approvals are not available on this proxy"));
    }
    Optional<Grant> taken = store.takeExecution(request);
    if (taken.isPresent()) {
      return CompletableFuture.completedFuture(Verdict.granted(taken.get()));
    }
    Grant grant = store.request(request);
    if (grant.phase() != GrantPhase.PENDING || holdFor.isZero() || holdFor.isNegative()) {
      return CompletableFuture.completedFuture(refusal(grant));
    }
    return store
        .decision(grant.name())
        .completeOnTimeout(grant, holdFor.toMillis(), TimeUnit.MILLISECONDS)
        .thenApply(
            decided ->
                store
                    .takeExecution(request)
                    .map(Verdict::granted)
                    .orElseGet(() -> refusal(store.find(grant.name()).orElse(decided))));
  }

  /** Reports a run the verdict allowed. */
  public void executed(Verdict verdict, String sqlState, long rows) {
    if (store != null && verdict.granted()) {
      store.executed(verdict.grant().name(), sqlState, rows);
    }
  }

  private Verdict refusal(Grant grant) {
    String why =
        switch (grant.phase()) {
          case DENIED -> "approval request " + grant.name() + " was denied by " + grant.decidedBy();
          case PENDING ->
              "approval request "
                  + grant.name()
                  + " is waiting for a decision; an approver runs: "
                  + howToApprove.apply(grant);
          default ->
              "approval request " + grant.name() + " is " + grant.phase().name().toLowerCase();
        };
    return Verdict.refused(grant, why);
  }
}
