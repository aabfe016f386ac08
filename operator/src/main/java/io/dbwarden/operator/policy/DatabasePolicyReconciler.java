package io.dbwarden.operator.policy;

import io.dbwarden.api.policy.DatabasePolicy;
import io.dbwarden.api.policy.DatabasePolicyStatus;
import io.dbwarden.api.policy.validation.PolicyProblem;
import io.dbwarden.api.policy.validation.PolicyValidator;
import io.dbwarden.operator.sidecars.AuditCounts;
import io.dbwarden.operator.sidecars.PodRef;
import io.dbwarden.operator.sidecars.SidecarRegistry;
import io.dbwarden.operator.status.Conditions;
import io.dbwarden.operator.status.StatusWriter;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a {@code DatabasePolicy}: validates it completely, compiles the bundles of its
 * namespace's workloads, and writes what the sidecars report into its status. Full-state: every run
 * recompiles the whole namespace from the informer caches and recomputes the whole status, whatever
 * event caused it, so running it twice, or after a restart, changes nothing.
 *
 * <p>It runs on every event, deletions included ({@code triggerReconcilerOnAllEvents}): deleting a
 * policy changes the bundles of the workloads it selected, and the operator needs no finalizer for
 * that, so it never writes a policy's metadata. Other events: pods carrying the sidecar label
 * (added, relabelled, deleted) and sidecar reports, each reconciling the policies of the pod's
 * namespace; and a policy whose compilation changed a workload's bundle reconciles its neighbours,
 * whose sidecars now have a new bundle to acknowledge.
 */
@ControllerConfiguration(name = DatabasePolicyReconciler.NAME, triggerReconcilerOnAllEvents = true)
public final class DatabasePolicyReconciler implements Reconciler<DatabasePolicy> {

  public static final String NAME = "databasepolicy";

  private static final Logger LOG = LoggerFactory.getLogger(DatabasePolicyReconciler.class);

  private final BundleRegistry bundles;
  private final SidecarRegistry sidecars;
  private final Clock clock;
  private final String podSelector;
  private final SimpleInboundEventSource<DatabasePolicy> neighbourEvents =
      new SimpleInboundEventSource<>("sidecars");
  private volatile IndexedResourceCache<DatabasePolicy> policies;
  private volatile InformerEventSource<Pod, DatabasePolicy> pods;

  /**
   * @param podSelector the label selector of pods that run a dbwarden sidecar, e.g. {@code
   *     dbwarden.io/inject=true}; only those are watched and counted
   */
  public DatabasePolicyReconciler(
      BundleRegistry bundles, SidecarRegistry sidecars, Clock clock, String podSelector) {
    this.bundles = Objects.requireNonNull(bundles, "bundles must not be null");
    this.sidecars = Objects.requireNonNull(sidecars, "sidecars must not be null");
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
    this.podSelector = Objects.requireNonNull(podSelector, "podSelector must not be null");
  }

  @Override
  public List<EventSource<?, DatabasePolicy>> prepareEventSources(
      EventSourceContext<DatabasePolicy> context) {
    policies = context.getPrimaryCache();
    pods =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Pod.class, DatabasePolicy.class)
                .withName("pods")
                .withLabelSelector(podSelector)
                .withNamespacesInheritedFromController()
                // A pod's labels decide which policies select it, before and after a change, so a
                // pod event concerns every policy of its namespace.
                .withSecondaryToPrimaryMapper(pod -> policiesIn(pod.getMetadata().getNamespace()))
                .build(),
            context);
    sidecars.addListener(pod -> reconcileNamespace(pod.namespace(), null));
    return List.of(pods, neighbourEvents);
  }

  /** The pod with a sidecar named {@code ref}, from the informer cache (on every replica). */
  public Optional<Pod> sidecarPod(PodRef ref) {
    InformerEventSource<Pod, DatabasePolicy> cache = pods;
    return cache == null
        ? Optional.empty()
        : cache.get(new ResourceID(ref.name(), ref.namespace()));
  }

  @Override
  public UpdateControl<DatabasePolicy> reconcile(
      DatabasePolicy policy, Context<DatabasePolicy> context) {
    String namespace = policy.getMetadata().getNamespace();
    List<Pod> live = livePods(namespace);
    Set<PodRef> changed =
        compile(
            namespace,
            live,
            context.isPrimaryResourceDeleted() ? policy.getMetadata().getUid() : null);
    if (!changed.isEmpty()) {
      LOG.info("bundles changed for {}", names(changed));
      reconcileNamespace(namespace, policy.getMetadata().getName());
    }
    if (context.isPrimaryResourceDeleted()) {
      LOG.info("policy deleted; bundles of its namespace recompiled");
      return UpdateControl.noUpdate();
    }

    List<PolicyProblem> problems = PolicyValidator.validate(policy);
    List<PodRef> selected =
        live.stream()
            .filter(pod -> BundleCompiler.selects(policy, pod))
            .map(PodRef::of)
            .sorted()
            .toList();
    AuditCounts pendingAudit = sidecars.pendingAudit(namespace, policy.getMetadata().getName());
    java.time.Duration graceLeft = sidecars.reconnectGraceLeft();
    PolicyStatuses.Observed observed =
        new PolicyStatuses.Observed(
            problems,
            selected,
            bundles::bundle,
            bundles::heldBy,
            sidecars::report,
            pendingAudit,
            !graceLeft.isZero());

    DatabasePolicyStatus desired = PolicyStatuses.compute(policy, observed, clock.instant());
    if (!desired.equals(policy.getStatus())) {
      DatabasePolicy written =
          StatusWriter.replaceStatus(
              policy,
              context,
              current -> PolicyStatuses.compute(current, observed, clock.instant()));
      sidecars.takeAudit(namespace, policy.getMetadata().getName(), pendingAudit);
      logStatus(written.getStatus(), problems);
    }
    UpdateControl<DatabasePolicy> control = UpdateControl.noUpdate();
    if (!graceLeft.isZero() && !selected.isEmpty()) {
      // Count the sidecars that did not reconnect in time as out of sync.
      control.rescheduleAfter(graceLeft.plusMillis(1));
    }
    return control;
  }

  private static void logStatus(DatabasePolicyStatus status, List<PolicyProblem> problems) {
    if (!problems.isEmpty()) {
      LOG.warn("policy invalid: {}", PolicyStatuses.problemsMessage(problems));
    }
    Conditions.find(status.getConditions(), DatabasePolicyStatus.READY)
        .ifPresent(
            ready ->
                LOG.info(
                    "status written: version {}, sidecars {}, Ready={} ({}: {})",
                    status.getVersion(),
                    status.getSidecars().getSummary(),
                    ready.getStatus(),
                    ready.getReason(),
                    ready.getMessage()));
  }

  /**
   * Compiles every namespace's bundles from the informer caches. The reconciler runs only on the
   * leader; a replica that is not the leader calls this now and then, so the bundles it serves its
   * sidecars follow the policies too.
   */
  public void compileFromCaches() {
    IndexedResourceCache<DatabasePolicy> policyCache = policies;
    InformerEventSource<Pod, DatabasePolicy> podCache = pods;
    if (policyCache == null || podCache == null) {
      return;
    }
    Set<String> namespaces = new TreeSet<>();
    policyCache.list().forEach(p -> namespaces.add(p.getMetadata().getNamespace()));
    podCache.list().forEach(p -> namespaces.add(p.getMetadata().getNamespace()));
    for (String namespace : namespaces) {
      Set<PodRef> changed = compile(namespace, livePods(namespace), null);
      if (!changed.isEmpty()) {
        LOG.info("bundles changed for {} (from the caches)", names(changed));
      }
    }
  }

  /**
   * Compiles the bundles of {@code namespace} into the registry.
   *
   * @param deletedUid the UID of a policy being deleted, left out; null for none
   * @return the pods whose bundle changed
   */
  private Set<PodRef> compile(String namespace, List<Pod> live, String deletedUid) {
    List<DatabasePolicy> neighbours =
        policies
            .list(namespace)
            .filter(p -> deletedUid == null || !deletedUid.equals(p.getMetadata().getUid()))
            .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
            .toList();
    return bundles.replaceNamespace(
        namespace,
        BundleCompiler.compile(neighbours, live, p -> PolicyValidator.validate(p).isEmpty()));
  }

  private static String names(Set<PodRef> pods) {
    return pods.stream().map(PodRef::toString).sorted().collect(Collectors.joining(", "));
  }

  private List<Pod> livePods(String namespace) {
    return pods.list(namespace, PolicyPods::isLive).toList();
  }

  /** Reconciles every policy of {@code namespace} but {@code except}. */
  private void reconcileNamespace(String namespace, String except) {
    if (policies == null || !neighbourEvents.isRunning()) {
      return;
    }
    for (ResourceID id : policiesIn(namespace)) {
      if (!id.getName().equals(except)) {
        neighbourEvents.propagateEvent(id);
      }
    }
  }

  private Set<ResourceID> policiesIn(String namespace) {
    return policies.list(namespace).map(ResourceID::fromResource).collect(Collectors.toSet());
  }
}
