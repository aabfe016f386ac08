package io.dbwarden.sidecar.approval;

import io.dbwarden.sidecar.policy.ScopeGrants;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

  /**
   * Approvals decided on the AccessGrants of {@code namespace}: an approver patches the grant's
   * status with kubectl.
   */
  public static ApprovalGate kubernetes(GrantStore store, String namespace) {
    return new ApprovalGate(
        store,
        grant ->
            "kubectl patch accessgrant "
                + grant.name()
                + " -n "
                + namespace
                + " --subresource=status --type=merge -p"
                + " '{\"status\":{\"decision\":\"Approved\"}}'");
  }

  /** The scope grants the store holds, asked while judging. */
  public ScopeGrants scopes() {
    return store == null ? ScopeGrants.NONE : store.scopes();
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
    return store
        .takeExecution(request)
        .thenCompose(
            taken ->
                taken.isPresent()
                    ? CompletableFuture.completedFuture(Verdict.granted(taken.get()))
                    : justInTime(request)
                        ? CompletableFuture.completedFuture(
                            Verdict.refused(
                                null, "the scope grant that covered it is no longer usable"))
                        : store
                            .request(request)
                            .thenCompose(grant -> await(request, grant, holdFor)))
        .exceptionally(ApprovalGate::unavailable);
  }

  /** Waits up to {@code holdFor} for a decision on {@code grant}, then takes an execution. */
  private CompletableFuture<Verdict> await(ApprovalRequest request, Grant grant, Duration holdFor) {
    if (grant.phase() != GrantPhase.PENDING || holdFor.isZero() || holdFor.isNegative()) {
      return CompletableFuture.completedFuture(refusal(grant));
    }
    return store
        .decision(grant.name())
        .completeOnTimeout(grant, holdFor.toMillis(), TimeUnit.MILLISECONDS)
        .thenCompose(
            decided ->
                store
                    .takeExecution(request)
                    .thenApply(
                        taken ->
                            taken
                                .map(Verdict::granted)
                                .orElseGet(
                                    () -> refusal(store.find(grant.name()).orElse(decided)))));
  }

  /**
   * Whether the statement is beyond its policy's rules and was held only because a scope grant
   * covered it: without that grant it is refused, never asked for.
   */
  private static boolean justInTime(ApprovalRequest request) {
    return ScopeGrants.JUST_IN_TIME.equals(request.rule());
  }

  /** Nothing may run when the store cannot tell whether it may. */
  private static Verdict unavailable(Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    String why =
        cause instanceof GrantUnavailableException
            ? cause.getMessage()
            : cause instanceof TimeoutException
                ? "the operator did not answer in time"
                : String.valueOf(cause);
    return Verdict.refused(null, "approvals are unavailable now (" + why + "); try again");
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
