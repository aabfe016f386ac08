package io.dbwarden.operator.grant;

import io.dbwarden.api.grant.AccessGrant;
import io.dbwarden.api.grant.AccessGrantSpec;
import io.dbwarden.api.grant.AccessGrantStatus;
import io.dbwarden.api.grant.Decision;
import io.dbwarden.api.grant.GrantPhase;
import io.dbwarden.api.policy.Approvals;
import io.dbwarden.api.policy.DatabasePolicy;
import io.dbwarden.api.policy.Durations;
import io.dbwarden.api.policy.SubjectKind;
import io.dbwarden.api.policy.Timestamps;
import io.dbwarden.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The life of an {@code AccessGrant}, as a pure function of the grant, its policy and the time:
 *
 * <pre>
 *   Pending ──decision Approved──▶ Approved ──maxExecutions runs──▶ Executed (statement grants)
 *      │                             │  └──────duration passes───▶ Expired
 *      ├──decision Denied──▶ Denied ◀┘ (an approval can be revoked)
 *      └──policy's approvals.ttl passes without a decision──▶ Expired
 * </pre>
 *
 * <p>Denied, Expired and Executed are final: once written, a grant stays there whatever happens to
 * its decision or its policy. Every other phase is recomputed from the facts on each run, and the
 * facts carry their own times ({@code creationTimestamp}, {@code decidedAt}, the executions), so a
 * run that comes late, after a restart for instance, reaches the phase a punctual one would have:
 * an approval made before the request's deadline counts even if the operator sees it afterwards.
 *
 * <p>Expiry:
 *
 * <ul>
 *   <li>While Pending, {@code expiresAt} is the deadline for a decision: {@code creationTimestamp}
 *       plus the policy's {@code approvals.ttl} (1h, the ttl's default, when the policy does not
 *       exist). A decision stamped later than that is too late.
 *   <li>Once Approved, {@code expiresAt} is {@code decidedAt} plus the grant's {@code duration}:
 *       the time a grant can be used counts from its approval, not from the request.
 * </ul>
 *
 * <p>A decision counts only with the admission webhook's stamp ({@code decidedBy} and a valid
 * {@code decidedAt}), and never when the subject itself decided; otherwise it is ignored, and the
 * {@code Decided} condition says why.
 */
public final class GrantPhaseMachine {

  /** The decision deadline when the grant's policy does not exist: the default approvals ttl. */
  static final Duration DEFAULT_TTL = Durations.parse(new Approvals().getTtl());

  private GrantPhaseMachine() {}

  /**
   * Where a grant is.
   *
   * @param phase the phase
   * @param expiresAt the deadline that applies in the phase, null when none does
   * @param nextCheck when the phase changes by itself if nothing else happens (the deadline of a
   *     Pending or Approved grant); null in final phases
   * @param conditions the grant's conditions
   */
  public record Outcome(
      GrantPhase phase, Instant expiresAt, Instant nextCheck, List<Condition> conditions) {}

  /**
   * The outcome for {@code grant} at {@code now}.
   *
   * @param policy the policy the grant names, null when it does not exist
   */
  public static Outcome evaluate(AccessGrant grant, DatabasePolicy policy, Instant now) {
    Objects.requireNonNull(grant, "grant must not be null");
    AccessGrantSpec spec = grant.getSpec();
    AccessGrantStatus status =
        grant.getStatus() == null ? new AccessGrantStatus() : grant.getStatus();
    Long generation = grant.getMetadata().getGeneration();
    String namespace = grant.getMetadata().getNamespace();
    List<Condition> conditions = status.getConditions();

    conditions =
        policy != null
            ? Conditions.set(
                conditions,
                AccessGrantStatus.POLICY_FOUND,
                true,
                "Found",
                "DatabasePolicy " + namespace + "/" + spec.getPolicy() + " exists",
                generation,
                now)
            : Conditions.set(
                conditions,
                AccessGrantStatus.POLICY_FOUND,
                false,
                "PolicyNotFound",
                "DatabasePolicy "
                    + namespace
                    + "/"
                    + spec.getPolicy()
                    + " does not exist; the grant cannot be used until it does, and expires like"
                    + " any request without a decision",
                generation,
                now);

    GrantPhase current = status.getPhase();
    if (current == GrantPhase.DENIED
        || current == GrantPhase.EXPIRED
        || current == GrantPhase.EXECUTED) {
      Instant expiresAt = Timestamps.parse(status.getExpiresAt()).orElse(null);
      return new Outcome(current, expiresAt, null, conditions);
    }

    Instant created = Timestamps.parse(grant.getMetadata().getCreationTimestamp()).orElse(now);
    Instant decisionDeadline = created.plus(ttl(policy));
    Verdict verdict = verdict(spec, status);

    if (verdict.accepted()) {
      Instant decidedAt = verdict.decidedAt();
      String by = " by " + status.getDecidedBy() + " at " + status.getDecidedAt();
      if (decidedAt.isAfter(decisionDeadline)) {
        conditions =
            Conditions.set(
                conditions,
                AccessGrantStatus.DECIDED,
                false,
                "DecidedTooLate",
                "decided"
                    + by
                    + ", after the request expired at "
                    + Conditions.timestamp(decisionDeadline),
                generation,
                now);
        return new Outcome(GrantPhase.EXPIRED, decisionDeadline, null, conditions);
      }
      if (status.getDecision() == Decision.DENIED) {
        conditions =
            Conditions.set(
                conditions,
                AccessGrantStatus.DECIDED,
                true,
                "Denied",
                "denied" + by,
                generation,
                now);
        return new Outcome(GrantPhase.DENIED, null, null, conditions);
      }
      conditions =
          Conditions.set(
              conditions,
              AccessGrantStatus.DECIDED,
              true,
              "Approved",
              "approved" + by,
              generation,
              now);
      Instant expiresAt = decidedAt.plus(Durations.parse(spec.getDuration()));
      int executions = status.getExecutions() == null ? 0 : status.getExecutions().size();
      // A scope grant allows any number of statements for its duration.
      if (spec.getScope() == null && executions >= maxExecutions(spec)) {
        return new Outcome(GrantPhase.EXECUTED, expiresAt, null, conditions);
      }
      if (!now.isBefore(expiresAt)) {
        return new Outcome(GrantPhase.EXPIRED, expiresAt, null, conditions);
      }
      return new Outcome(GrantPhase.APPROVED, expiresAt, expiresAt, conditions);
    }

    conditions =
        Conditions.set(
            conditions,
            AccessGrantStatus.DECIDED,
            false,
            verdict.reason(),
            verdict.message(),
            generation,
            now);
    if (!now.isBefore(decisionDeadline)) {
      return new Outcome(GrantPhase.EXPIRED, decisionDeadline, null, conditions);
    }
    return new Outcome(GrantPhase.PENDING, decisionDeadline, decisionDeadline, conditions);
  }

  /** The status {@code grant} should have: its own with the operator's fields replaced. */
  public static AccessGrantStatus status(AccessGrant grant, DatabasePolicy policy, Instant now) {
    Outcome outcome = evaluate(grant, policy, now);
    AccessGrantStatus current =
        grant.getStatus() == null ? new AccessGrantStatus() : grant.getStatus();
    AccessGrantStatus status = new AccessGrantStatus();
    // Written by others: kept as they are.
    status.setDecision(current.getDecision());
    status.setDecidedBy(current.getDecidedBy());
    status.setDecidedAt(current.getDecidedAt());
    status.setExecutions(current.getExecutions());
    status.setEstimatedRows(current.getEstimatedRows());
    // The operator's.
    status.setObservedGeneration(grant.getMetadata().getGeneration());
    status.setPhase(outcome.phase());
    status.setExpiresAt(
        outcome.expiresAt() == null ? null : Conditions.timestamp(outcome.expiresAt()));
    status.setConditions(outcome.conditions());
    return status;
  }

  static int maxExecutions(AccessGrantSpec spec) {
    return spec.getMaxExecutions() == null ? 1 : spec.getMaxExecutions();
  }

  /** How long a request to {@code policy} waits for a decision; the default without one. */
  static Duration ttl(DatabasePolicy policy) {
    if (policy == null || policy.getSpec() == null || policy.getSpec().getApprovals() == null) {
      return DEFAULT_TTL;
    }
    String ttl = policy.getSpec().getApprovals().getTtl();
    return ttl != null && Durations.isValid(ttl) ? Durations.parse(ttl) : DEFAULT_TTL;
  }

  private static Verdict verdict(AccessGrantSpec spec, AccessGrantStatus status) {
    if (status.getDecision() == null) {
      return Verdict.ignored("AwaitingDecision", "waiting for an approver's decision");
    }
    String decision = status.getDecision() == Decision.APPROVED ? "Approved" : "Denied";
    if (status.getDecidedBy() == null || status.getDecidedBy().isBlank()) {
      return Verdict.ignored(
          "UnverifiedDecision",
          "status.decision is "
              + decision
              + " but carries no decidedBy stamp from the admission webhook, so it is ignored;"
              + " decide through the API server with the dbwarden webhook installed");
    }
    Optional<Instant> decidedAt = Timestamps.parse(status.getDecidedAt());
    if (decidedAt.isEmpty()) {
      return Verdict.ignored(
          "UnverifiedDecision",
          "status.decision is "
              + decision
              + " but decidedAt is missing or not a time, so it is ignored");
    }
    if (spec.getSubject() != null
        && spec.getSubject().getKind() == SubjectKind.USER
        && status.getDecidedBy().equals(spec.getSubject().getName())) {
      return Verdict.ignored(
          "SelfDecision",
          status.getDecidedBy() + " decided their own grant; only another approver may decide");
    }
    return new Verdict(true, decidedAt.get(), null, null);
  }

  private record Verdict(boolean accepted, Instant decidedAt, String reason, String message) {
    static Verdict ignored(String reason, String message) {
      return new Verdict(false, null, reason, message);
    }
  }
}
