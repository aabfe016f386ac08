package io.dbwarden.operator.grant;

import io.dbwarden.api.grant.AccessGrant;
import io.dbwarden.api.grant.AccessGrantStatus;
import io.dbwarden.api.policy.DatabasePolicy;
import io.dbwarden.operator.status.StatusWriter;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles an {@code AccessGrant} through {@link GrantPhaseMachine}: writes the phase, {@code
 * expiresAt} and conditions, and asks JOSDK to run again exactly when the current deadline falls
 * due.
 *
 * <p>Every event counts, not only spec changes ({@code generationAwareEventProcessing = false}):
 * decisions and executions arrive in the status, which does not move {@code generation}. The
 * grant's policy is watched too, so a policy created after its grant, deleted, or given another
 * approvals ttl is seen at once.
 */
@ControllerConfiguration(name = AccessGrantReconciler.NAME, generationAwareEventProcessing = false)
public final class AccessGrantReconciler implements Reconciler<AccessGrant> {

  public static final String NAME = "accessgrant";

  private static final Logger LOG = LoggerFactory.getLogger(AccessGrantReconciler.class);

  private final Clock clock;
  private final AccessGrants grants;

  /**
   * @param grants the sidecars' writes to grants, which this replica's status writes take turns
   *     with
   */
  public AccessGrantReconciler(Clock clock, AccessGrants grants) {
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
    this.grants = Objects.requireNonNull(grants, "grants must not be null");
  }

  @Override
  public List<EventSource<?, AccessGrant>> prepareEventSources(
      EventSourceContext<AccessGrant> context) {
    var grants = context.getPrimaryCache();
    InformerEventSource<DatabasePolicy, AccessGrant> policies =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(DatabasePolicy.class, AccessGrant.class)
                .withName("policies")
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(
                    policy ->
                        grants
                            .list(
                                policy.getMetadata().getNamespace(),
                                grant ->
                                    policy
                                        .getMetadata()
                                        .getName()
                                        .equals(grant.getSpec().getPolicy()))
                            .map(ResourceID::fromResource)
                            .collect(Collectors.toSet()))
                .withPrimaryToSecondaryMapper(
                    (AccessGrant grant) ->
                        Set.of(
                            new ResourceID(
                                grant.getSpec().getPolicy(), grant.getMetadata().getNamespace())))
                .build(),
            context);
    return List.of(policies);
  }

  /**
   * Computes the status from the grant as the API server has it and writes it when it changed.
   * Sidecars' executions are written by this replica's {@link AccessGrants} at any moment; taking
   * turns with them, and reading the grant afresh rather than from the cache, no write of one puts
   * back what the other just wrote, whether or not the API server checks the resourceVersion.
   *
   * @return the outcome at the time of the run; null when the grant is gone
   */
  private GrantPhaseMachine.Outcome writeStatus(
      AccessGrant cached, DatabasePolicy policy, Context<AccessGrant> context) {
    AccessGrant grant = context.getClient().resource(cached).get();
    if (grant == null) {
      return null;
    }
    Instant now = clock.instant();
    AccessGrantStatus desired = GrantPhaseMachine.status(grant, policy, now);
    if (!desired.equals(grant.getStatus())) {
      var previous = grant.getStatus() == null ? null : grant.getStatus().getPhase();
      AccessGrant written =
          StatusWriter.replaceStatus(
              grant,
              context,
              current -> GrantPhaseMachine.status(current, policy, clock.instant()));
      if (previous != written.getStatus().getPhase()) {
        LOG.info(
            "phase {} -> {}, expires {}",
            previous,
            written.getStatus().getPhase(),
            written.getStatus().getExpiresAt());
      }
    }
    return GrantPhaseMachine.evaluate(grant, policy, now);
  }

  @Override
  public UpdateControl<AccessGrant> reconcile(AccessGrant cached, Context<AccessGrant> context) {
    DatabasePolicy policy = context.getSecondaryResource(DatabasePolicy.class).orElse(null);
    GrantPhaseMachine.Outcome outcome =
        grants.exclusively(
            cached.getMetadata().getNamespace(),
            cached.getMetadata().getName(),
            () -> writeStatus(cached, policy, context));
    if (outcome == null) {
      return UpdateControl.noUpdate();
    }
    UpdateControl<AccessGrant> control = UpdateControl.noUpdate();
    if (outcome.nextCheck() != null) {
      // Run again when the deadline falls due; a run that comes a little early finds the grant
      // unchanged and asks again for the rest.
      Duration untilDue = Duration.between(clock.instant(), outcome.nextCheck());
      control.rescheduleAfter(untilDue.isNegative() ? Duration.ZERO : untilDue.plusMillis(1));
    }
    return control;
  }
}
