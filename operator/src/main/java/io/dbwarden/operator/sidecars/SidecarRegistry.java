package io.dbwarden.operator.sidecars;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reports of the sidecars connected to this operator, in memory. The push stream (one per
 * sidecar) calls the feed methods ({@link #acknowledged}, {@link #refused}, {@link #audit}, {@link
 * #disconnected}); the policy reconciler reads {@link #report} and moves audit counts into status
 * with {@link #pendingAudit} and {@link #takeAudit}. Every change of a report is announced to the
 * listeners with the pod it concerns, so the policies selecting the pod are reconciled again. Audit
 * counts are not: they arrive from every sidecar every few seconds, and writing status for each
 * would hammer the API server; they are announced in batches by {@link #flushAudit}, which the
 * operator calls at its audit flush interval.
 *
 * <p>Nothing here survives a restart, by design: sidecars reconnect and report again, and bundle
 * versions are content hashes, so an ACK sent to the previous operator still names the right
 * bundle. Audit counts not yet moved into status when the operator stops are lost; status keeps
 * what was moved. Thread-safe.
 */
public final class SidecarRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(SidecarRegistry.class);

  /**
   * How long after the registry starts empty (the operator started) sidecars get to reconnect
   * before one that has not reported counts as out of sync.
   */
  public static final java.time.Duration RECONNECT_GRACE = java.time.Duration.ofSeconds(60);

  private final Clock clock;
  private final Instant started;
  private final Map<PodRef, SidecarReport> reports = new ConcurrentHashMap<>();
  private final Map<PolicyRef, AuditCounts> audit = new ConcurrentHashMap<>();
  private final Map<String, PodRef> auditReporters = new ConcurrentHashMap<>();
  private final List<Consumer<PodRef>> listeners = new CopyOnWriteArrayList<>();

  public SidecarRegistry(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
    this.started = clock.instant();
  }

  /**
   * How long sidecars still have to reconnect to a freshly started operator; zero once {@link
   * #RECONNECT_GRACE} has passed. Until then a sidecar without a report is assumed to run what the
   * policy's status said before the restart, so a restart does not flip every policy's Ready.
   */
  public java.time.Duration reconnectGraceLeft() {
    java.time.Duration left =
        RECONNECT_GRACE.minus(java.time.Duration.between(started, clock.instant()));
    return left.isNegative() ? java.time.Duration.ZERO : left;
  }

  /** Calls {@code listener} with the pod of every change, on the thread that reported it. */
  public void addListener(Consumer<PodRef> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
  }

  /** The sidecar of {@code pod} accepted bundle {@code version} and enforces it now. */
  public void acknowledged(PodRef pod, String version) {
    Objects.requireNonNull(version, "version must not be null");
    reports.put(pod, new SidecarReport(pod, version, null, null, clock.instant()));
    changed(pod);
  }

  /**
   * The sidecar of {@code pod} refused bundle {@code version} for {@code reason} and keeps
   * enforcing the bundle it acknowledged before.
   */
  public void refused(PodRef pod, String version, String reason) {
    Objects.requireNonNull(version, "version must not be null");
    reports.compute(
        pod,
        (key, previous) ->
            new SidecarReport(
                pod,
                previous == null ? null : previous.acknowledged(),
                version,
                reason,
                clock.instant()));
    changed(pod);
  }

  /**
   * Adds counts the sidecar of {@code pod} reports for the policy {@code policy} of its namespace.
   */
  public void audit(PodRef pod, String policy, AuditCounts increment) {
    Objects.requireNonNull(increment, "increment must not be null");
    if (increment.isZero()) {
      return;
    }
    audit.merge(new PolicyRef(pod.namespace(), policy), increment, AuditCounts::plus);
    auditReporters.put(pod.namespace(), pod);
  }

  /**
   * Announces one pod of every namespace with audit counts pending, so its policies fold them into
   * status.
   */
  public void flushAudit() {
    Set<String> pending = new HashSet<>();
    audit.keySet().forEach(policy -> pending.add(policy.namespace()));
    for (String namespace : pending) {
      PodRef reporter = auditReporters.get(namespace);
      if (reporter != null) {
        changed(reporter);
      }
    }
  }

  /** The sidecar of {@code pod} went away; its pod may still exist and reconnect. */
  public void disconnected(PodRef pod) {
    if (reports.remove(pod) != null) {
      changed(pod);
    }
  }

  /** The latest report of the sidecar of {@code pod}. */
  public Optional<SidecarReport> report(PodRef pod) {
    return Optional.ofNullable(reports.get(pod));
  }

  /** The latest report of every sidecar that reported. */
  public List<SidecarReport> reports() {
    return List.copyOf(reports.values());
  }

  /** Audit counts of a policy not yet moved into its status. */
  public AuditCounts pendingAudit(String namespace, String policy) {
    return audit.getOrDefault(new PolicyRef(namespace, policy), AuditCounts.ZERO);
  }

  /**
   * Forgets {@code taken}, a value {@link #pendingAudit} returned, once it is in the policy's
   * status; what arrived in between stays pending.
   */
  public void takeAudit(String namespace, String policy, AuditCounts taken) {
    audit.computeIfPresent(
        new PolicyRef(namespace, policy),
        (key, pending) -> {
          AuditCounts left = pending.minus(taken);
          return left.isZero() ? null : left;
        });
  }

  private void changed(PodRef pod) {
    for (Consumer<PodRef> listener : listeners) {
      try {
        listener.accept(pod);
      } catch (RuntimeException e) {
        LOG.warn("a sidecar registry listener failed for pod {}", pod, e);
      }
    }
  }

  private record PolicyRef(String namespace, String name) {}
}
