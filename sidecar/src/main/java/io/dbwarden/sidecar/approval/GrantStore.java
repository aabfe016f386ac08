package io.dbwarden.sidecar.approval;

import io.dbwarden.sidecar.policy.ScopeGrants;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where grants live. Decisions are final: a grant is decided once, by someone other than its
 * requester.
 */
public interface GrantStore {

  /**
   * Takes one execution of the approved grant for this request, if there is one with executions
   * left; the caller then runs the statement and reports it with {@link #executed}. Fails with
   * {@link GrantUnavailableException} when the store cannot tell.
   */
  CompletableFuture<Optional<Grant>> takeExecution(ApprovalRequest request);

  /**
   * The grant for this request: the open or denied one there is, else a new pending one (a grant
   * that was used up or lapsed is asked for anew). Fails with {@link GrantUnavailableException}
   * when none can be made now.
   */
  CompletableFuture<Grant> request(ApprovalRequest request);

  /** Completes with the grant once it is decided or lapses. */
  CompletableFuture<Grant> decision(String name);

  /** Records a run taken with {@link #takeExecution}. */
  void executed(String name, String sqlState, long rows);

  /**
   * Approves or denies a pending grant.
   *
   * @param approver who decides, as {@code Kind:name}
   * @param approve true to approve
   * @param maxExecutions for an approval, how many runs it allows
   * @param lifetime for an approval, how long it allows them
   * @throws GrantDecisionException when the grant is unknown, already decided or lapsed
   */
  Grant decide(String name, String approver, boolean approve, int maxExecutions, Duration lifetime);

  /** Records how many rows the planner expects the grant's statement to touch. */
  void estimated(String name, long rows);

  /** Every grant, newest first. */
  List<Grant> list();

  Optional<Grant> find(String name);

  /** The approved scope grants it holds; none unless grants come from Kubernetes. */
  default ScopeGrants scopes() {
    return ScopeGrants.NONE;
  }
}
