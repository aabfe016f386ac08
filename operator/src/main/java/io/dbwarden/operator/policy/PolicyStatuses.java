package io.dbwarden.operator.policy;

import io.dbwarden.api.bundle.PolicyBundle;
import io.dbwarden.api.policy.AuditSummary;
import io.dbwarden.api.policy.DatabasePolicy;
import io.dbwarden.api.policy.DatabasePolicyStatus;
import io.dbwarden.api.policy.PolicyVersion;
import io.dbwarden.api.policy.SidecarCounts;
import io.dbwarden.api.policy.validation.PolicyProblem;
import io.dbwarden.operator.sidecars.AuditCounts;
import io.dbwarden.operator.sidecars.PodRef;
import io.dbwarden.operator.sidecars.SidecarReport;
import io.dbwarden.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Computes a {@code DatabasePolicy}'s status from what the operator observes. Pure: the same
 * observations give the same status, which is what makes reconciliation idempotent and a restarted
 * operator converge to the status it would have written anyway.
 *
 * <p>Conditions:
 *
 * <ul>
 *   <li>{@code Valid}: True ({@code Valid}) when the validator finds nothing; False ({@code
 *       InvalidSpec}) with every problem and its path in the message otherwise.
 *   <li>{@code Ready}: the policy's current version is enforced by every sidecar it selects. False
 *       with {@code InvalidSpec} when the spec is invalid (it is not sent to sidecars); {@code
 *       SidecarsRejected} when a sidecar refused the bundle holding it; {@code HeldByInvalidPolicy}
 *       when another selecting policy is invalid, so its workloads keep their last bundle; {@code
 *       Syncing} while some sidecars have not acknowledged the bundle yet. True with {@code InSync}
 *       when all have, and with {@code NoSidecars} when the selector matches no sidecar pod:
 *       nothing is waiting, and a policy deployed ahead of its workloads (as GitOps does) should
 *       not show as failing. {@code In Sync 0/0} tells the two apart at a glance.
 * </ul>
 */
public final class PolicyStatuses {

  /** How many pods a message names before it says "and N more". */
  private static final int NAMED_PODS = 3;

  private PolicyStatuses() {}

  /** What the reconciler observed for one policy. */
  public record Observed(
      List<PolicyProblem> problems,
      List<PodRef> selectedPods,
      Function<PodRef, Optional<PolicyBundle>> bundles,
      Function<PodRef, List<String>> heldBy,
      Function<PodRef, Optional<SidecarReport>> reports,
      AuditCounts pendingAudit,
      boolean reconnecting) {

    public Observed {
      problems = List.copyOf(problems);
      selectedPods = List.copyOf(selectedPods);
    }
  }

  /** The status {@code policy} should have. */
  public static DatabasePolicyStatus compute(
      DatabasePolicy policy, Observed observed, Instant now) {
    DatabasePolicyStatus previous =
        policy.getStatus() == null ? new DatabasePolicyStatus() : policy.getStatus();
    Long generation = policy.getMetadata().getGeneration();
    String name = policy.getMetadata().getName();
    String version = versionOf(policy);
    boolean valid = observed.problems().isEmpty();
    // Just after an operator restart, sidecars that have not reconnected yet are taken to run what
    // they ran before, when the status says all ran this very version.
    boolean assumeAsBefore =
        observed.reconnecting()
            && version != null
            && version.equals(previous.getVersion())
            && Conditions.isTrue(previous.getConditions(), DatabasePolicyStatus.READY);

    int inSync = 0;
    List<PodRef> rejected = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    TreeSet<String> heldBy = new TreeSet<>();
    List<PodRef> held = new ArrayList<>();
    for (PodRef pod : observed.selectedPods()) {
      Optional<PolicyBundle> bundle = observed.bundles().apply(pod);
      Optional<SidecarReport> report = observed.reports().apply(pod);
      List<String> holding = observed.heldBy().apply(pod);
      if (valid && !holding.isEmpty()) {
        held.add(pod);
        heldBy.addAll(holding);
      }
      if (!valid || bundle.isEmpty() || !bundle.get().contains(name, version)) {
        continue;
      }
      String bundleVersion = bundle.get().version();
      if (report.isPresent() && report.get().runs(bundleVersion)) {
        inSync++;
      } else if (report.isEmpty() && assumeAsBefore) {
        inSync++;
      } else if (report.isPresent() && report.get().refused(bundleVersion)) {
        rejected.add(pod);
        refusals.add(pod.name() + ": " + report.get().refusal());
      }
    }
    int total = observed.selectedPods().size();

    DatabasePolicyStatus status = new DatabasePolicyStatus();
    status.setObservedGeneration(generation);
    status.setVersion(version);
    status.setSidecars(new SidecarCounts(total, inSync, rejected.size()));
    status.setAudit(audit(previous.getAudit(), observed.pendingAudit()));

    List<Condition> conditions = previous.getConditions();
    if (valid) {
      conditions =
          Conditions.set(
              conditions,
              DatabasePolicyStatus.VALID,
              true,
              "Valid",
              "the spec passed validation",
              generation,
              now);
    } else {
      conditions =
          Conditions.set(
              conditions,
              DatabasePolicyStatus.VALID,
              false,
              "InvalidSpec",
              problemsMessage(observed.problems()),
              generation,
              now);
    }

    String readyReason;
    String readyMessage;
    boolean ready = false;
    if (!valid) {
      readyReason = "InvalidSpec";
      readyMessage =
          "the policy is not sent to sidecars until its spec is valid; workloads it selects keep"
              + " their last good bundle";
    } else if (total == 0) {
      ready = true;
      readyReason = "NoSidecars";
      readyMessage = "the selector matches no pod with a dbwarden sidecar";
    } else if (!rejected.isEmpty()) {
      readyReason = "SidecarsRejected";
      readyMessage =
          rejected.size()
              + " of "
              + total
              + " sidecars refused the bundle with version "
              + version
              + " and enforce their previous one: "
              + String.join("; ", refusals);
    } else if (!held.isEmpty()) {
      readyReason = "HeldByInvalidPolicy";
      readyMessage =
          named(held)
              + (held.size() == 1 ? " keeps its" : " keep their")
              + " last bundle until invalid "
              + (heldBy.size() == 1 ? "policy " : "policies ")
              + String.join(", ", heldBy)
              + " is fixed";
    } else if (inSync < total) {
      readyReason = "Syncing";
      readyMessage = inSync + " of " + total + " sidecars enforce version " + version;
    } else {
      ready = true;
      readyReason = "InSync";
      readyMessage = "all " + total + " sidecars enforce version " + version;
    }
    conditions =
        Conditions.set(
            conditions,
            DatabasePolicyStatus.READY,
            ready,
            readyReason,
            readyMessage,
            generation,
            now);
    status.setConditions(conditions);
    return status;
  }

  /** The policy's content version, or null when the spec cannot even be read to compute one. */
  public static String versionOf(DatabasePolicy policy) {
    if (policy.getSpec() == null) {
      return null;
    }
    try {
      return PolicyVersion.of(policy.getSpec());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** {@code N problems: path: message; path: message}. */
  static String problemsMessage(List<PolicyProblem> problems) {
    String list = problems.stream().map(PolicyProblem::toString).collect(Collectors.joining("; "));
    return problems.size() == 1 ? "1 problem: " + list : problems.size() + " problems: " + list;
  }

  private static AuditSummary audit(AuditSummary previous, AuditCounts pending) {
    AuditSummary summary = new AuditSummary();
    long statements =
        previous == null || previous.getStatements() == null ? 0 : previous.getStatements();
    long denied = previous == null || previous.getDenied() == null ? 0 : previous.getDenied();
    long masked = previous == null || previous.getMasked() == null ? 0 : previous.getMasked();
    summary.setStatements(statements + pending.statements());
    summary.setDenied(denied + pending.denied());
    summary.setMasked(masked + pending.masked());
    String lastDenied = previous == null ? null : previous.getLastDenied();
    if (pending.lastDenied() != null
        && (lastDenied == null || pending.lastDenied().isAfter(Instant.parse(lastDenied)))) {
      lastDenied = Conditions.timestamp(pending.lastDenied());
    }
    summary.setLastDenied(lastDenied);
    return summary;
  }

  private static String named(List<PodRef> pods) {
    String names =
        pods.stream().limit(NAMED_PODS).map(PodRef::name).collect(Collectors.joining(", "));
    String more = pods.size() > NAMED_PODS ? " and " + (pods.size() - NAMED_PODS) + " more" : "";
    return (pods.size() == 1 ? "pod " : "pods ") + names + more;
  }
}
