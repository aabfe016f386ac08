package io.dbwarden.operator.sidecars;

import java.time.Instant;
import java.util.Objects;

/**
 * Audit counts for one policy: statements judged, refused, and values masked, with the time of the
 * latest refusal. Sidecars send them as increments since their previous summary; the registry adds
 * them up until the policy reconciler moves them into {@code status.audit}.
 *
 * @param statements statements judged under the policy
 * @param denied statements refused
 * @param masked values masked
 * @param lastDenied when a statement was last refused; null if none was
 */
public record AuditCounts(long statements, long denied, long masked, Instant lastDenied) {

  /** Nothing counted. */
  public static final AuditCounts ZERO = new AuditCounts(0, 0, 0, null);

  public AuditCounts {
    if (statements < 0 || denied < 0 || masked < 0) {
      throw new IllegalArgumentException("audit counts must not be negative");
    }
  }

  /** The sum of both; the later refusal time. */
  public AuditCounts plus(AuditCounts other) {
    Objects.requireNonNull(other, "other must not be null");
    return new AuditCounts(
        statements + other.statements,
        denied + other.denied,
        masked + other.masked,
        later(lastDenied, other.lastDenied));
  }

  /**
   * What is left once {@code taken} was moved elsewhere. The refusal time is cleared when it is the
   * one taken, since it then travelled with the counts.
   */
  public AuditCounts minus(AuditCounts taken) {
    Objects.requireNonNull(taken, "taken must not be null");
    Instant left =
        lastDenied != null && taken.lastDenied != null && !lastDenied.isAfter(taken.lastDenied)
            ? null
            : lastDenied;
    return new AuditCounts(
        Math.max(0, statements - taken.statements),
        Math.max(0, denied - taken.denied),
        Math.max(0, masked - taken.masked),
        left);
  }

  /** Whether nothing was counted. */
  public boolean isZero() {
    return statements == 0 && denied == 0 && masked == 0 && lastDenied == null;
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.isAfter(b) ? a : b;
  }
}
