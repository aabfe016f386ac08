package io.dbwarden.operator.grant;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbwarden.api.grant.AccessGrant;
import io.dbwarden.api.grant.AccessGrantSpec;
import io.dbwarden.api.grant.AccessGrantStatus;
import io.dbwarden.api.grant.Decision;
import io.dbwarden.api.grant.Execution;
import io.dbwarden.api.grant.GrantPhase;
import io.dbwarden.api.policy.DatabasePolicy;
import io.dbwarden.api.policy.DatabasePolicySpec;
import io.dbwarden.api.policy.Subject;
import io.dbwarden.api.policy.SubjectKind;
import io.dbwarden.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrantPhaseMachineTest {

  private static final Instant CREATED = Instant.parse("2025-03-01T10:00:00Z");

  private static AccessGrant grant(String duration, int maxExecutions) {
    AccessGrant grant = new AccessGrant();
    grant.setMetadata(
        new ObjectMetaBuilder()
            .withName("g")
            .withNamespace("shop")
            .withGeneration(1L)
            .withCreationTimestamp(CREATED.toString())
            .build());
    AccessGrantSpec spec = new AccessGrantSpec();
    spec.setPolicy("orders");
    spec.setSubject(new Subject(SubjectKind.USER, "alice"));
    spec.setStatement("DELETE FROM t WHERE id = 1");
    spec.setDuration(duration);
    spec.setMaxExecutions(maxExecutions);
    grant.setSpec(spec);
    return grant;
  }

  private static DatabasePolicy policy(String ttl) {
    DatabasePolicy policy = new DatabasePolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName("orders").withNamespace("shop").build());
    DatabasePolicySpec spec = new DatabasePolicySpec();
    spec.getApprovals().setTtl(ttl);
    policy.setSpec(spec);
    return policy;
  }

  private static AccessGrant decided(AccessGrant grant, Decision decision, String by, Instant at) {
    AccessGrantStatus status = new AccessGrantStatus();
    status.setDecision(decision);
    status.setDecidedBy(by);
    status.setDecidedAt(at == null ? null : at.toString());
    grant.setStatus(status);
    return grant;
  }

  private static String reason(GrantPhaseMachine.Outcome outcome, String type) {
    return Conditions.find(outcome.conditions(), type).orElseThrow().getReason();
  }

  @Test
  void pendingUntilThePolicysTtlThenExpired() {
    DatabasePolicy policy = policy("30m");
    Instant deadline = CREATED.plus(Duration.ofMinutes(30));

    GrantPhaseMachine.Outcome pending =
        GrantPhaseMachine.evaluate(grant("1h", 1), policy, CREATED.plusSeconds(60));
    assertThat(pending.phase()).isEqualTo(GrantPhase.PENDING);
    assertThat(pending.expiresAt()).isEqualTo(deadline);
    assertThat(pending.nextCheck()).isEqualTo(deadline);
    assertThat(reason(pending, "Decided")).isEqualTo("AwaitingDecision");
    assertThat(reason(pending, "PolicyFound")).isEqualTo("Found");

    GrantPhaseMachine.Outcome expired =
        GrantPhaseMachine.evaluate(grant("1h", 1), policy, deadline);
    assertThat(expired.phase()).isEqualTo(GrantPhase.EXPIRED);
    assertThat(expired.nextCheck()).isNull();
  }

  @Test
  void withoutItsPolicyTheDefaultTtlApplies() {
    GrantPhaseMachine.Outcome outcome =
        GrantPhaseMachine.evaluate(grant("1h", 1), null, CREATED.plusSeconds(1));
    assertThat(outcome.phase()).isEqualTo(GrantPhase.PENDING);
    assertThat(outcome.expiresAt()).isEqualTo(CREATED.plus(GrantPhaseMachine.DEFAULT_TTL));
    assertThat(reason(outcome, "PolicyFound")).isEqualTo("PolicyNotFound");
  }

  @Test
  void approvedCountsItsDurationFromTheDecision() {
    Instant decidedAt = CREATED.plus(Duration.ofMinutes(20));
    AccessGrant grant = decided(grant("2h", 1), Decision.APPROVED, "bob", decidedAt);

    GrantPhaseMachine.Outcome approved =
        GrantPhaseMachine.evaluate(grant, policy("1h"), decidedAt.plusSeconds(1));
    assertThat(approved.phase()).isEqualTo(GrantPhase.APPROVED);
    assertThat(approved.expiresAt()).isEqualTo(decidedAt.plus(Duration.ofHours(2)));
    assertThat(approved.nextCheck()).isEqualTo(approved.expiresAt());
    assertThat(reason(approved, "Decided")).isEqualTo("Approved");

    assertThat(
            GrantPhaseMachine.evaluate(grant, policy("1h"), decidedAt.plus(Duration.ofHours(2)))
                .phase())
        .isEqualTo(GrantPhase.EXPIRED);
  }

  @Test
  void maxExecutionsMakesItExecuted() {
    Instant decidedAt = CREATED.plusSeconds(60);
    AccessGrant grant = decided(grant("1h", 2), Decision.APPROVED, "bob", decidedAt);
    grant
        .getStatus()
        .setExecutions(List.of(new Execution(decidedAt.toString(), "shop/p", 1L, null)));
    assertThat(GrantPhaseMachine.evaluate(grant, policy("1h"), decidedAt.plusSeconds(5)).phase())
        .isEqualTo(GrantPhase.APPROVED);

    grant
        .getStatus()
        .setExecutions(
            List.of(
                new Execution(decidedAt.toString(), "shop/p", 1L, null),
                new Execution(decidedAt.toString(), "shop/p", 1L, null)));
    assertThat(GrantPhaseMachine.evaluate(grant, policy("1h"), decidedAt.plusSeconds(5)).phase())
        .isEqualTo(GrantPhase.EXECUTED);
  }

  @Test
  void decisionsWithoutStampOrByTheSubjectAreIgnored() {
    Instant now = CREATED.plusSeconds(60);
    assertThat(
            reason(
                GrantPhaseMachine.evaluate(
                    decided(grant("1h", 1), Decision.APPROVED, null, null), policy("1h"), now),
                "Decided"))
        .isEqualTo("UnverifiedDecision");
    assertThat(
            reason(
                GrantPhaseMachine.evaluate(
                    decided(grant("1h", 1), Decision.APPROVED, "bob", null), policy("1h"), now),
                "Decided"))
        .isEqualTo("UnverifiedDecision");
    GrantPhaseMachine.Outcome self =
        GrantPhaseMachine.evaluate(
            decided(grant("1h", 1), Decision.APPROVED, "alice", now), policy("1h"), now);
    assertThat(self.phase()).isEqualTo(GrantPhase.PENDING);
    assertThat(reason(self, "Decided")).isEqualTo("SelfDecision");
  }

  @Test
  void aDecisionAfterTheDeadlineIsTooLateEvenIfSeenLate() {
    Instant late = CREATED.plus(Duration.ofHours(2));
    GrantPhaseMachine.Outcome outcome =
        GrantPhaseMachine.evaluate(
            decided(grant("1h", 1), Decision.APPROVED, "bob", late), policy("1h"), late);
    assertThat(outcome.phase()).isEqualTo(GrantPhase.EXPIRED);
    assertThat(reason(outcome, "Decided")).isEqualTo("DecidedTooLate");

    // In time, though seen only after the deadline: it counts.
    Instant inTime = CREATED.plus(Duration.ofMinutes(59));
    assertThat(
            GrantPhaseMachine.evaluate(
                    decided(grant("2h", 1), Decision.APPROVED, "bob", inTime), policy("1h"), late)
                .phase())
        .isEqualTo(GrantPhase.APPROVED);
  }

  @Test
  void deniedAndFinalPhasesStay() {
    Instant now = CREATED.plusSeconds(60);
    AccessGrant grant = decided(grant("1h", 1), Decision.DENIED, "bob", now);
    GrantPhaseMachine.Outcome denied = GrantPhaseMachine.evaluate(grant, policy("1h"), now);
    assertThat(denied.phase()).isEqualTo(GrantPhase.DENIED);
    assertThat(denied.expiresAt()).isNull();

    // An approval can be revoked...
    AccessGrant revoked = decided(grant("1h", 1), Decision.DENIED, "bob", now);
    revoked.getStatus().setPhase(GrantPhase.APPROVED);
    assertThat(GrantPhaseMachine.evaluate(revoked, policy("1h"), now).phase())
        .isEqualTo(GrantPhase.DENIED);

    // ...but a final phase never changes.
    for (GrantPhase last : List.of(GrantPhase.DENIED, GrantPhase.EXPIRED, GrantPhase.EXECUTED)) {
      AccessGrant done = decided(grant("1h", 1), Decision.APPROVED, "carol", now);
      done.getStatus().setPhase(last);
      assertThat(GrantPhaseMachine.evaluate(done, policy("1h"), now).phase()).isEqualTo(last);
    }
  }

  @Test
  void statusKeepsOtherWritersFieldsAndIsStable() {
    Instant now = CREATED.plusSeconds(60);
    AccessGrant grant = decided(grant("1h", 1), Decision.APPROVED, "bob", now);
    AccessGrantStatus first = GrantPhaseMachine.status(grant, policy("1h"), now);
    assertThat(first.getDecision()).isEqualTo(Decision.APPROVED);
    assertThat(first.getDecidedBy()).isEqualTo("bob");
    assertThat(first.getObservedGeneration()).isEqualTo(1L);

    grant.setStatus(first);
    AccessGrantStatus again = GrantPhaseMachine.status(grant, policy("1h"), now.plusSeconds(30));
    assertThat(again).isEqualTo(first);
  }
}
