package io.dbwarden.operator.grant;

import io.dbwarden.api.grant.AccessGrant;
import io.dbwarden.api.grant.AccessGrantStatus;
import io.dbwarden.api.grant.Execution;
import io.dbwarden.api.grant.GrantPhase;
import io.dbwarden.api.policy.DatabasePolicy;
import io.dbwarden.operator.status.Conditions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Operations on grants that come from sidecars, through the operator: recording that a grant was
 * used. The sidecar that ran a granted statement reports it; the execution is appended to {@code
 * status.executions}, and the reconciler moves the grant to Executed once {@code maxExecutions} is
 * reached.
 */
public final class AccessGrants {

  private static final Logger LOG = LoggerFactory.getLogger(AccessGrants.class);

  /** Attempts when the grant changes between reading and writing it. */
  private static final int ATTEMPTS = 5;

  private final KubernetesClient client;
  private final Clock clock;

  public AccessGrants(KubernetesClient client, Clock clock) {
    this.client = Objects.requireNonNull(client, "client must not be null");
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
  }

  /** What became of a reported execution. */
  public enum Recorded {
    /** Appended to the grant's executions. */
    RECORDED,
    /** No such grant. */
    NOT_FOUND,
    /** The grant is not usable: not approved (yet), expired, denied or used up. */
    NOT_USABLE
  }

  /**
   * Appends an execution to the grant {@code namespace/name}, if it is usable now. The phase is
   * checked on the grant as the API server has it, computed at the time of the call, so an
   * execution is never recorded against a grant whose time ran out before the reconciler noticed.
   *
   * @param pod the pod whose sidecar ran the statement, {@code namespace/name}
   * @param rows rows returned or affected, null if unknown
   * @param sqlstate the SQLSTATE of an error, null on success
   */
  public Recorded recordExecution(
      String namespace, String name, String pod, Long rows, String sqlstate) {
    try (MDC.MDCCloseable ns = MDC.putCloseable("resource.namespace", namespace);
        MDC.MDCCloseable n = MDC.putCloseable("resource.name", name)) {
      for (int attempt = 1; ; attempt++) {
        AccessGrant grant =
            client.resources(AccessGrant.class).inNamespace(namespace).withName(name).get();
        if (grant == null) {
          LOG.warn("execution by {} reported for a grant that does not exist", pod);
          return Recorded.NOT_FOUND;
        }
        Instant now = clock.instant();
        DatabasePolicy policy =
            client
                .resources(DatabasePolicy.class)
                .inNamespace(namespace)
                .withName(grant.getSpec().getPolicy())
                .get();
        GrantPhase phase = GrantPhaseMachine.evaluate(grant, policy, now).phase();
        if (phase != GrantPhase.APPROVED) {
          LOG.warn("execution by {} refused: the grant is {}", pod, phase);
          return Recorded.NOT_USABLE;
        }
        AccessGrantStatus status = grant.getStatus();
        List<Execution> executions =
            new ArrayList<>(status.getExecutions() == null ? List.of() : status.getExecutions());
        executions.add(new Execution(Conditions.timestamp(now), pod, rows, sqlstate));
        status.setExecutions(executions);
        try {
          // A replace with the resourceVersion just read: a concurrent execution makes it fail
          // with 409 instead of being overwritten (see StatusWriter).
          client.resource(grant).updateStatus();
          LOG.info(
              "execution {} of {} recorded for {}",
              executions.size(),
              GrantPhaseMachine.maxExecutions(grant.getSpec()),
              pod);
          return Recorded.RECORDED;
        } catch (KubernetesClientException e) {
          if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == ATTEMPTS) {
            throw e;
          }
        }
      }
    }
  }
}
