package io.dbwarden.sidecar.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbwarden.api.push.StreamMessage;
import io.dbwarden.sidecar.metrics.AuditTotals;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditReporterTest {

  @Test
  void everyPolicyInForceIsCreditedWithEveryStatement() {
    Instant denied = Instant.parse("2026-12-01T12:00:00Z");
    AuditReporter reporter = new AuditReporter(() -> new AuditTotals(5, 2, 1, denied));

    AuditReporter.Pending pending = reporter.next(List.of("guardrails", "team")).orElseThrow();

    assertThat(pending.summaries())
        .containsExactly(
            new StreamMessage.AuditSummary("guardrails", 5, 2, 1, denied.toString()),
            new StreamMessage.AuditSummary("team", 5, 2, 1, denied.toString()));
    reporter.sent(pending);
    assertThat(reporter.next(List.of("guardrails", "team"))).isEmpty();
  }
}
