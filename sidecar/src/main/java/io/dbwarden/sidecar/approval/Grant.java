package io.dbwarden.sidecar.approval;

import java.time.Instant;
import java.util.List;

/**
 * One grant as it stands: the request, the decision and the executions. Immutable; the store
 * replaces it as it changes.
 *
 * @param name deterministic from the request ({@link ApprovalRequest#grantName()})
 * @param phase where it is
 * @param requestedAt when it was asked for
 * @param expiresAt when a pending grant lapses, or an approved one stops allowing executions
 * @param decidedBy who approved or denied it ({@code User:carol}), or null
 * @param maxExecutions how many times an approval lets the statement run
 * @param executions the runs so far, oldest first
 * @param estimatedRows the rows the database's planner expects the statement to touch, for the
 *     approver; null when not known (not estimated yet, or not safe to ask)
 */
public record Grant(
    String name,
    ApprovalRequest request,
    GrantPhase phase,
    Instant requestedAt,
    Instant expiresAt,
    String decidedBy,
    Instant decidedAt,
    int maxExecutions,
    List<GrantExecution> executions,
    Long estimatedRows) {

  public Grant {
    executions = List.copyOf(executions);
  }

  static Grant requested(ApprovalRequest request, Instant now) {
    return new Grant(
        request.grantName(),
        request,
        GrantPhase.PENDING,
        now,
        now.plus(request.ttl()),
        null,
        null,
        1,
        List.of(),
        null);
  }

  Grant withPhase(GrantPhase next) {
    return withRuns(next, executions);
  }

  /** The same grant in {@code next} with these runs. */
  Grant withRuns(GrantPhase next, List<GrantExecution> runs) {
    return new Grant(
        name,
        request,
        next,
        requestedAt,
        expiresAt,
        decidedBy,
        decidedAt,
        maxExecutions,
        runs,
        estimatedRows);
  }

  /** Approved or denied by {@code by} at {@code at}, allowing no run so far. */
  Grant decided(GrantPhase next, Instant until, String by, Instant at, int runs) {
    return new Grant(
        name, request, next, requestedAt, until, by, at, runs, List.of(), estimatedRows);
  }

  Grant withEstimate(Long rows) {
    return new Grant(
        name,
        request,
        phase,
        requestedAt,
        expiresAt,
        decidedBy,
        decidedAt,
        maxExecutions,
        executions,
        rows);
  }

  /** How many more times it lets the statement run (0 unless approved). */
  public int executionsLeft() {
    return phase == GrantPhase.APPROVED ? Math.max(0, maxExecutions - executions.size()) : 0;
  }

  /** One run of the statement under a grant. */
  public record GrantExecution(Instant at, String sqlState, long rows) {}
}
