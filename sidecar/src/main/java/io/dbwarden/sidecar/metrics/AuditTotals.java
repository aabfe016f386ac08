package io.dbwarden.sidecar.metrics;

import java.time.Instant;

/**
 * Statements counted since the proxy started.
 *
 * @param statements statements completed, whatever the decision
 * @param denied statements refused
 * @param masked values masked
 * @param lastDenied when a statement was last refused; null if none was
 */
public record AuditTotals(long statements, long denied, long masked, Instant lastDenied) {

  /** Nothing counted yet. */
  public static final AuditTotals ZERO = new AuditTotals(0, 0, 0, null);
}
