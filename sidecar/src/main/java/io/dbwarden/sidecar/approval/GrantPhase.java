package io.dbwarden.sidecar.approval;

/** Where a grant is in its life, as in an AccessGrant's {@code status.phase}. */
public enum GrantPhase {
  /** Waiting for a decision. */
  PENDING,
  /** Approved: the statement may run until the grant expires or its executions are used up. */
  APPROVED,
  /** Denied: the statement never runs under it. */
  DENIED,
  /** No decision in time, or approved and not used in time. */
  EXPIRED,
  /** Approved and every allowed execution used. */
  EXECUTED;

  public boolean ended() {
    return this == DENIED || this == EXPIRED || this == EXECUTED;
  }
}
