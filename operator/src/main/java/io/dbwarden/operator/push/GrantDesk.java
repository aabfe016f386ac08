package io.dbwarden.operator.push;

import io.dbwarden.api.bundle.PolicyBundle;
import io.dbwarden.api.grant.AccessGrant;
import io.dbwarden.api.grant.GrantPhase;
import io.dbwarden.api.grant.GrantView;
import io.dbwarden.api.push.StreamMessage;
import io.dbwarden.operator.grant.AccessGrants;
import io.dbwarden.operator.grant.GrantRequests;
import io.dbwarden.operator.policy.BundleRegistry;
import io.dbwarden.operator.sidecars.PodRef;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The approvals side of the push stream, on every replica: watches the AccessGrants of the watched
 * namespaces so that sidecars learn of every grant of their policies and of each change at once,
 * and takes the sidecars' requests, claims and reports to the API server. The replica a sidecar is
 * connected to writes them itself, leader or not: each write is a create or a replace with the
 * resourceVersion read, which the API server keeps consistent whoever sends it. API calls run on a
 * small pool of their own, never on an event loop.
 */
public final class GrantDesk implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GrantDesk.class);

  private final KubernetesClient client;
  private final List<String> namespaces;
  private final GrantRequests requests;
  private final AccessGrants executions;
  private final BundleRegistry bundles;
  private final List<Consumer<GrantEvent>> listeners = new CopyOnWriteArrayList<>();
  private final List<SharedIndexInformer<AccessGrant>> informers = new ArrayList<>();
  private final ExecutorService calls =
      Executors.newFixedThreadPool(
          2,
          task -> {
            Thread thread = new Thread(task, "dbwarden-grants");
            thread.setDaemon(true);
            return thread;
          });

  /**
   * @param namespaces the watched namespaces; empty for all
   */
  public GrantDesk(
      KubernetesClient client,
      Collection<String> namespaces,
      GrantRequests requests,
      AccessGrants executions,
      BundleRegistry bundles) {
    this.client = Objects.requireNonNull(client, "client must not be null");
    this.namespaces = List.copyOf(namespaces);
    this.requests = Objects.requireNonNull(requests, "requests must not be null");
    this.executions = Objects.requireNonNull(executions, "executions must not be null");
    this.bundles = Objects.requireNonNull(bundles, "bundles must not be null");
  }

  /**
   * A grant changed: {@code message} is a {@link StreamMessage.GrantChanged} or {@link
   * StreamMessage.GrantRemoved} for the sidecars of {@code namespace} whose policies include {@code
   * policy} (null for a removal, which concerns them all).
   */
  record GrantEvent(String namespace, String policy, StreamMessage message) {}

  /** Starts watching the grants; returns once the caches are filled. */
  public synchronized void start() {
    if (!informers.isEmpty()) {
      return;
    }
    Changes changes = new Changes();
    if (namespaces.isEmpty()) {
      informers.add(client.resources(AccessGrant.class).inAnyNamespace().inform(changes));
    } else {
      for (String namespace : namespaces) {
        informers.add(client.resources(AccessGrant.class).inNamespace(namespace).inform(changes));
      }
    }
  }

  void addListener(Consumer<GrantEvent> listener) {
    listeners.add(listener);
  }

  /**
   * The grants the sidecar of {@code pod} should know: those of its policies that can still answer
   * a statement, oldest first. Executed and expired grants never can; they stay in the namespace as
   * the record, and leaving them out keeps the list as short as what is open.
   */
  List<GrantView> grantsFor(PodRef pod) {
    List<String> policies = policiesOf(pod);
    List<AccessGrant> grants = new ArrayList<>();
    for (SharedIndexInformer<AccessGrant> informer : informers) {
      grants.addAll(informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, pod.namespace()));
    }
    return grants.stream()
        .filter(grant -> grant.getSpec() != null)
        .filter(grant -> policies.contains(grant.getSpec().getPolicy()))
        .map(GrantView::of)
        .filter(
            grant -> grant.phase() != GrantPhase.EXECUTED && grant.phase() != GrantPhase.EXPIRED)
        .sorted(
            Comparator.comparing(
                GrantView::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())))
        .toList();
  }

  /** Whether {@code policy} is among those the sidecar of {@code pod} enforces. */
  boolean concerns(PodRef pod, String policy) {
    return policy == null || policiesOf(pod).contains(policy);
  }

  private List<String> policiesOf(PodRef pod) {
    return bundles.bundle(pod).map(PolicyBundle::policyNames).orElse(List.of());
  }

  /** Whether {@code message} is a sidecar's word about approvals, for {@link #handle}. */
  static boolean handles(StreamMessage message) {
    return message instanceof StreamMessage.RequestGrant
        || message instanceof StreamMessage.ClaimExecution
        || message instanceof StreamMessage.ExecutionDone
        || message instanceof StreamMessage.EstimatedRows;
  }

  /**
   * Carries out what the sidecar of {@code pod} asked, off the caller's thread, and gives the
   * answer to {@code reply} (requests and claims have one).
   */
  void handle(PodRef pod, StreamMessage message, Consumer<StreamMessage> reply) {
    try {
      calls.execute(() -> reply(pod, message, reply));
    } catch (RejectedExecutionException e) {
      LOG.debug("closing: {} of pod {} dropped", message.getClass().getSimpleName(), pod);
    }
  }

  private void reply(PodRef pod, StreamMessage message, Consumer<StreamMessage> reply) {
    try {
      if (message instanceof StreamMessage.RequestGrant ask) {
        reply.accept(request(pod, ask));
      } else if (!ofItsPolicies(pod, named(message))) {
        // A sidecar acts on the grants it was shown, those of its own policies: another's claims
        // would use up executions that belong to other workloads.
        LOG.warn("pod {} named grant {}, not one of its policies'", pod, named(message));
        if (message instanceof StreamMessage.ClaimExecution claim) {
          reply.accept(
              new StreamMessage.ClaimReply(
                  claim.ref(),
                  false,
                  null,
                  "AccessGrant "
                      + claim.grant()
                      + " is not a grant of the policies that govern pod "
                      + pod));
        }
      } else if (message instanceof StreamMessage.ClaimExecution claim) {
        reply.accept(claim(pod, claim));
      } else if (message instanceof StreamMessage.ExecutionDone done) {
        executions.completed(
            pod.namespace(), done.grant(), pod.toString(), done.at(), done.rows(), done.sqlstate());
      } else if (message instanceof StreamMessage.EstimatedRows estimate) {
        executions.estimated(pod.namespace(), estimate.grant(), estimate.rows());
      }
    } catch (KubernetesClientException e) {
      LOG.warn(
          "{} of pod {} failed: HTTP {} {}",
          message.getClass().getSimpleName(),
          pod,
          e.getCode(),
          e.getMessage());
      if (message instanceof StreamMessage.RequestGrant ask) {
        reply.accept(new StreamMessage.GrantReply(ask.ref(), null, apiError(e)));
      } else if (message instanceof StreamMessage.ClaimExecution claim) {
        reply.accept(new StreamMessage.ClaimReply(claim.ref(), false, null, apiError(e)));
      }
    }
  }

  /** The grant a claim, a report or an estimate is about. */
  private static String named(StreamMessage message) {
    if (message instanceof StreamMessage.ClaimExecution claim) {
      return claim.grant();
    }
    if (message instanceof StreamMessage.ExecutionDone done) {
      return done.grant();
    }
    return ((StreamMessage.EstimatedRows) message).grant();
  }

  /** Whether {@code name} is a grant in the pod's namespace under one of the pod's policies. */
  private boolean ofItsPolicies(PodRef pod, String name) {
    List<String> policies = policiesOf(pod);
    return informers.stream()
        .map(informer -> informer.getIndexer().getByKey(pod.namespace() + "/" + name))
        .anyMatch(
            grant ->
                grant != null
                    && grant.getSpec() != null
                    && policies.contains(grant.getSpec().getPolicy()));
  }

  private StreamMessage request(PodRef pod, StreamMessage.RequestGrant ask) {
    try {
      return new StreamMessage.GrantReply(
          ask.ref(), requests.request(pod, policiesOf(pod), ask), null);
    } catch (GrantRequests.RefusedException e) {
      LOG.warn("request of pod {} refused: {}", pod, e.getMessage());
      return new StreamMessage.GrantReply(ask.ref(), null, e.getMessage());
    }
  }

  private StreamMessage claim(PodRef pod, StreamMessage.ClaimExecution claim) {
    AccessGrants.Claim taken = executions.claim(pod.namespace(), claim.grant(), pod.toString());
    return switch (taken.outcome()) {
      case RECORDED -> new StreamMessage.ClaimReply(claim.ref(), true, taken.at(), null);
      case NOT_FOUND ->
          new StreamMessage.ClaimReply(
              claim.ref(), false, null, "AccessGrant " + claim.grant() + " does not exist");
      case NOT_USABLE ->
          new StreamMessage.ClaimReply(
              claim.ref(),
              false,
              null,
              "AccessGrant " + claim.grant() + " is not approved, or is used up or expired");
    };
  }

  private static String apiError(KubernetesClientException e) {
    return "the operator could not write the AccessGrant (HTTP "
        + e.getCode()
        + "); check its RBAC on accessgrants and try again";
  }

  @Override
  public synchronized void close() {
    informers.forEach(SharedIndexInformer::close);
    informers.clear();
    calls.shutdownNow();
  }

  private final class Changes implements ResourceEventHandler<AccessGrant> {
    @Override
    public void onAdd(AccessGrant grant) {
      changed(grant);
    }

    @Override
    public void onUpdate(AccessGrant before, AccessGrant grant) {
      changed(grant);
    }

    @Override
    public void onDelete(AccessGrant grant, boolean finalStateUnknown) {
      publish(
          new GrantEvent(
              grant.getMetadata().getNamespace(),
              null,
              new StreamMessage.GrantRemoved(grant.getMetadata().getName())));
    }

    private void changed(AccessGrant grant) {
      if (grant.getSpec() == null) {
        return;
      }
      publish(
          new GrantEvent(
              grant.getMetadata().getNamespace(),
              grant.getSpec().getPolicy(),
              new StreamMessage.GrantChanged(GrantView.of(grant))));
    }

    private void publish(GrantEvent event) {
      for (Consumer<GrantEvent> listener : listeners) {
        listener.accept(event);
      }
    }
  }
}
