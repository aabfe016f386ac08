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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What sidecars do to grants, through the operator: taking an execution of a statement grant before
 * the statement runs, recording what came of it, and the planner's row estimate. A statement
 * grant's executions are claimed first and completed afterwards, so that sidecars in several pods
 * never run more than {@code maxExecutions} between them: the claim is a write with the
 * resourceVersion just read, and the reconciler moves the grant to Executed once they are used up.
 * A scope grant's executions are not claimed (it allows any number for its duration); each is
 * recorded when done, and status keeps the most recent {@value
 * AccessGrantStatus#SCOPE_EXECUTIONS_KEPT}.
 */
public final class AccessGrants {

  private static final Logger LOG = LoggerFactory.getLogger(AccessGrants.class);

  /** Attempts when the grant changes between reading and writing it. */
  private static final int ATTEMPTS = 5;

  /**
   * One writer per grant at a time in this replica: reports of the same grant arrive together (a
   * scope grant's statements, a claim and its completion, the reconciler's phase), and in turn they
   * cost no conflicts.
   */
  private final Object[] writers = Stream.generate(Object::new).limit(16).toArray();

  private final KubernetesClient client;
  private final Clock clock;

  public AccessGrants(KubernetesClient client, Clock clock) {
    this.client = Objects.requireNonNull(client, "client must not be null");
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
  }

  /** What became of a reported execution. */
  public enum Recorded {
    /** Written into the grant's executions. */
    RECORDED,
    /** No such grant. */
    NOT_FOUND,
    /** The grant is not usable: not approved (yet), expired, denied or used up. */
    NOT_USABLE
  }

  /**
   * A claimed execution.
   *
   * @param at its time, which names it when it is completed; null unless recorded
   */
  public record Claim(Recorded outcome, String at) {}

  /**
   * Takes one execution of the statement grant {@code namespace/name} for the sidecar of {@code
   * pod}, if the grant is usable now. The phase is computed on the grant as the API server has it,
   * at the time of the call, so an execution is never taken from a grant whose time ran out before
   * the reconciler noticed.
   */
  public Claim claim(String namespace, String name, String pod) {
    String at = Conditions.timestamp(clock.instant());
    Recorded outcome =
        update(
            namespace,
            name,
            pod,
            (grant, status) -> {
              if (grant.getSpec().getScope() != null) {
                return false; // nothing to claim: a scope grant counts no executions
              }
              List<Execution> executions = executions(status);
              executions.add(new Execution(at, pod, null, null));
              status.setExecutions(executions);
              return true;
            });
    return new Claim(outcome, outcome == Recorded.RECORDED ? at : null);
  }

  /**
   * Records what a statement run under the grant came to: completes the execution claimed at {@code
   * at}, or for a scope grant ({@code at} null) adds one.
   *
   * @param rows rows returned or affected
   * @param sqlstate the SQLSTATE of an error, null on success
   */
  public Recorded completed(
      String namespace, String name, String pod, String at, long rows, String sqlstate) {
    return update(
        namespace,
        name,
        pod,
        (grant, status) -> {
          List<Execution> executions = executions(status);
          if (at == null) {
            if (grant.getSpec().getScope() == null) {
              return false; // a statement grant's executions are claimed first
            }
            executions.add(
                new Execution(Conditions.timestamp(clock.instant()), pod, rows, sqlstate));
            int excess = executions.size() - AccessGrantStatus.SCOPE_EXECUTIONS_KEPT;
            executions.subList(0, Math.max(0, excess)).clear();
          } else {
            Execution claimed =
                executions.stream()
                    .filter(e -> at.equals(e.getAt()) && pod.equals(e.getPod()))
                    .filter(e -> e.getRows() == null && e.getSqlstate() == null)
                    .findFirst()
                    .orElse(null);
            if (claimed == null) {
              return false;
            }
            claimed.setRows(rows);
            claimed.setSqlstate(sqlstate);
          }
          status.setExecutions(executions);
          return true;
        },
        // A claimed execution is completed even when it used up or outlived the grant.
        true);
  }

  /** Records the planner's estimate of the rows the grant's statement touches. */
  public void estimated(String namespace, String name, long rows) {
    update(
        namespace,
        name,
        null,
        (grant, status) -> {
          if (Objects.equals(status.getEstimatedRows(), rows)) {
            return false;
          }
          status.setEstimatedRows(rows);
          return true;
        },
        true);
  }

  /** Changes the status of a usable grant. */
  private Recorded update(String namespace, String name, String pod, StatusChange change) {
    return update(namespace, name, pod, change, false);
  }

  /**
   * Reads the grant, applies {@code change} to its status and writes it with the resourceVersion
   * read: a concurrent write makes it fail with 409 instead of being overwritten, and it is tried
   * again on the grant as it is then.
   *
   * @param anyPhase false to refuse a grant that is not usable now
   */
  private Recorded update(
      String namespace, String name, String pod, StatusChange change, boolean anyPhase) {
    return exclusively(namespace, name, () -> write(namespace, name, pod, change, anyPhase));
  }

  /**
   * Runs {@code write} while no other write of this replica to the grant {@code namespace/name}
   * runs: sidecars' reports, and the reconciler's status.
   */
  <T> T exclusively(String namespace, String name, Supplier<T> write) {
    synchronized (writers[Math.floorMod((namespace + "/" + name).hashCode(), writers.length)]) {
      return write.get();
    }
  }

  private Recorded write(
      String namespace, String name, String pod, StatusChange change, boolean anyPhase) {
    try (MDC.MDCCloseable ns = MDC.putCloseable("resource.namespace", namespace);
        MDC.MDCCloseable n = MDC.putCloseable("resource.name", name)) {
      for (int attempt = 1; ; attempt++) {
        AccessGrant grant =
            client.resources(AccessGrant.class).inNamespace(namespace).withName(name).get();
        if (grant == null) {
          LOG.warn(
              "{} reported for a grant that does not exist", pod == null ? "an estimate" : pod);
          return Recorded.NOT_FOUND;
        }
        if (!anyPhase) {
          DatabasePolicy policy =
              client
                  .resources(DatabasePolicy.class)
                  .inNamespace(namespace)
                  .withName(grant.getSpec().getPolicy())
                  .get();
          GrantPhase phase = GrantPhaseMachine.evaluate(grant, policy, clock.instant()).phase();
          if (phase != GrantPhase.APPROVED) {
            LOG.warn("execution by {} refused: the grant is {}", pod, phase);
            return Recorded.NOT_USABLE;
          }
        }
        AccessGrantStatus status =
            grant.getStatus() == null ? new AccessGrantStatus() : grant.getStatus();
        grant.setStatus(status);
        if (!change.apply(grant, status)) {
          return Recorded.NOT_USABLE;
        }
        try {
          client.resource(grant).updateStatus();
          if (pod != null) {
            LOG.info(
                "execution of {} by {} recorded ({} in status)",
                name,
                pod,
                status.getExecutions().size());
          }
          return Recorded.RECORDED;
        } catch (KubernetesClientException e) {
          if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == ATTEMPTS) {
            throw e;
          }
        }
      }
    }
  }

  private static List<Execution> executions(AccessGrantStatus status) {
    return new ArrayList<>(status.getExecutions() == null ? List.of() : status.getExecutions());
  }

  /** A change to a grant's status; false when there is none to make. */
  @FunctionalInterface
  private interface StatusChange {
    boolean apply(AccessGrant grant, AccessGrantStatus status);
  }
}
