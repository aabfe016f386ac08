package io.dbwarden.sidecar.push;

import io.dbwarden.api.push.StreamMessage;
import io.dbwarden.sidecar.metrics.AuditTotals;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns the proxy's running totals into the increments the operator adds to {@code status.audit}:
 * each summary holds what was counted since the last one sent, so the operator can add them up
 * without knowing about restarts or reconnections. What was counted while the stream was down goes
 * with the next summary. Counts are credited to the policies in force when the summary is sent:
 * each of them judged every statement, so each is credited with all of them.
 */
final class AuditReporter {

  private final Supplier<AuditTotals> totals;
  private AuditTotals sent = AuditTotals.ZERO;

  AuditReporter(Supplier<AuditTotals> totals) {
    this.totals = Objects.requireNonNull(totals, "totals must not be null");
  }

  /**
   * What was counted since the last {@link #sent}, one summary per policy; empty when nothing was.
   */
  synchronized Optional<Pending> next(List<String> policies) {
    AuditTotals now = totals.get();
    boolean newDenial = now.lastDenied() != null && !now.lastDenied().equals(sent.lastDenied());
    if (now.statements() == sent.statements() && now.masked() == sent.masked() && !newDenial) {
      return Optional.empty();
    }
    String lastDenied = newDenial ? now.lastDenied().toString() : null;
    return Optional.of(
        new Pending(
            now,
            policies.stream()
                .map(
                    policy ->
                        new StreamMessage.AuditSummary(
                            policy,
                            now.statements() - sent.statements(),
                            now.denied() - sent.denied(),
                            now.masked() - sent.masked(),
                            lastDenied))
                .toList()));
  }

  /** The operator has {@code pending}: the next summary starts after it. */
  synchronized void sent(Pending pending) {
    sent = pending.totals;
  }

  /** The summaries, and the totals they bring the operator up to. */
  record Pending(AuditTotals totals, List<StreamMessage.AuditSummary> summaries) {}
}
