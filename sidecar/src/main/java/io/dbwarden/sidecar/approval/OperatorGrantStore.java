package io.dbwarden.sidecar.approval;

import io.dbwarden.api.grant.GrantView;
import io.dbwarden.api.policy.Operation;
import io.dbwarden.api.policy.SubjectKind;
import io.dbwarden.api.push.StreamMessage;
import io.dbwarden.sidecar.identity.Identity;
import io.dbwarden.sidecar.policy.ScopeGrants;
import io.dbwarden.sidecar.sql.analysis.TableRef;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Grants kept by the operator as AccessGrants, for a sidecar in Kubernetes. The operator shows the
 * sidecar every grant of its policies on the push stream and each change as it happens; this store
 * mirrors them. A request the mirror cannot answer is sent to the operator, which creates the
 * AccessGrant. Before a statement runs under a statement grant its execution is claimed from the
 * operator, which records it in the grant first, so sidecars in several pods never run more than
 * the grant allows; a scope grant is checked against the mirror alone, since it allows any number
 * of statements until it expires. People decide with {@code kubectl patch}, never through this
 * store.
 *
 * <p>Fails closed: while the stream is down, nothing can be requested or claimed, and held
 * statements are refused saying so.
 */
public final class OperatorGrantStore implements GrantStore {

  private static final System.Logger LOG = System.getLogger(OperatorGrantStore.class.getName());

  /** How long a request or claim waits for the operator's answer. */
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

  /** Sends a message to the operator; false when the stream is down. */
  @FunctionalInterface
  public interface Link {
    boolean send(StreamMessage message);
  }

  private final Clock clock;
  private final Map<String, MirroredGrant> grants = new LinkedHashMap<>();
  private final Map<String, List<CompletableFuture<Grant>>> decisions = new HashMap<>();
  private final Map<String, Deque<String>> claimed = new HashMap<>();
  private final Map<String, CompletableFuture<StreamMessage>> answers = new ConcurrentHashMap<>();

  /** The requests this sidecar made that wait for a decision, to audit it when it comes. */
  private final Map<String, ApprovalRequest> asked = new HashMap<>();

  private volatile Consumer<Grant> onDecision = grant -> {};
  private final AtomicLong refs = new AtomicLong();
  private volatile Link link;

  public OperatorGrantStore(Clock clock) {
    this.clock = clock;
  }

  /**
   * Calls {@code listener} once with each grant this sidecar asked for when a person decides it, so
   * that the decision is in this sidecar's audit trail beside the request and the executions.
   */
  public void onDecision(Consumer<Grant> listener) {
    onDecision = listener;
  }

  /** Whether {@code message} is the operator's word about grants, for {@link #received}. */
  public static boolean handles(StreamMessage message) {
    return message instanceof StreamMessage.Grants
        || message instanceof StreamMessage.GrantChanged
        || message instanceof StreamMessage.GrantRemoved
        || message instanceof StreamMessage.GrantReply
        || message instanceof StreamMessage.ClaimReply;
  }

  /** The stream is open: requests go through {@code open}. */
  public void connected(Link open) {
    link = open;
  }

  /** The stream closed: what waits for an answer fails now rather than at its deadline. */
  public void disconnected() {
    link = null;
    for (String ref : List.copyOf(answers.keySet())) {
      CompletableFuture<StreamMessage> answer = answers.remove(ref);
      if (answer != null) {
        answer.completeExceptionally(
            new GrantUnavailableException("the stream to the operator closed"));
      }
    }
  }

  /** Takes what the operator said about grants. */
  public void received(StreamMessage message) {
    if (message instanceof StreamMessage.Grants all) {
      replaceAll(all.grants());
    } else if (message instanceof StreamMessage.GrantChanged changed) {
      mirror(changed.grant());
    } else if (message instanceof StreamMessage.GrantRemoved removed) {
      remove(removed.name());
    } else if (message instanceof StreamMessage.GrantReply reply) {
      if (reply.grant() != null) {
        mirror(reply.grant());
      }
      answer(reply.ref(), message);
    } else if (message instanceof StreamMessage.ClaimReply reply) {
      answer(reply.ref(), message);
    }
  }

  @Override
  public CompletableFuture<Optional<Grant>> takeExecution(ApprovalRequest request) {
    MirroredGrant usable;
    Instant now = clock.instant();
    synchronized (this) {
      usable =
          grants.values().stream()
              .filter(grant -> grant.usable(now) && grant.answers(request))
              // A grant for this very statement before a scope that also covers it.
              .min((a, b) -> Boolean.compare(a.scoped(), b.scoped()))
              .orElse(null);
    }
    if (usable == null) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    if (usable.scoped()) {
      return CompletableFuture.completedFuture(Optional.of(usable.toGrant(request, now)));
    }
    String ref = ref();
    return ask(ref, new StreamMessage.ClaimExecution(ref, usable.name()))
        .thenApply(
            message -> {
              StreamMessage.ClaimReply reply = (StreamMessage.ClaimReply) message;
              if (!reply.granted()) {
                LOG.log(Level.INFO, "claim on {0} refused: {1}", usable.name(), reply.error());
                return Optional.<Grant>empty();
              }
              synchronized (this) {
                claimed.computeIfAbsent(usable.name(), n -> new ArrayDeque<>()).add(reply.at());
              }
              return Optional.of(usable.toGrant(request, clock.instant()));
            });
  }

  @Override
  public CompletableFuture<Grant> request(ApprovalRequest request) {
    Instant now = clock.instant();
    synchronized (this) {
      for (MirroredGrant grant : grants.values()) {
        if (grant.answers(request) && standing(grant, request, now)) {
          return CompletableFuture.completedFuture(grant.toGrant(request, now));
        }
      }
    }
    String ref = ref();
    Identity requester = request.requester();
    StreamMessage.RequestGrant ask =
        new StreamMessage.RequestGrant(
            ref,
            request.grantName(),
            request.policy(),
            request.rule(),
            new io.dbwarden.api.policy.Subject(
                requester.kind() == Identity.Kind.User
                    ? SubjectKind.USER
                    : SubjectKind.SERVICE_ACCOUNT,
                requester.name()),
            request.statement(),
            request.parameters(),
            request.operation(),
            request.tables(),
            request.reason(),
            request.database());
    return ask(ref, ask)
        .thenApply(
            message -> {
              StreamMessage.GrantReply reply = (StreamMessage.GrantReply) message;
              if (reply.grant() == null) {
                throw new GrantUnavailableException(
                    "the operator made no AccessGrant: " + reply.error());
              }
              MirroredGrant grant = new MirroredGrant(reply.grant());
              Instant at = clock.instant();
              if (grant.phase(at) == GrantPhase.PENDING) {
                synchronized (this) {
                  asked.put(grant.name(), request);
                }
              }
              return grant.toGrant(request, at);
            });
  }

  /**
   * Whether a grant answers a new request as it stands: pending (a scope asked for covers the
   * statement too), or a denial of this very statement, which stands as long as a request would
   * (asking again at once changes nothing; the operator applies the same rule). A denied scope does
   * not keep its subject from asking for one statement.
   */
  private static boolean standing(MirroredGrant grant, ApprovalRequest request, Instant now) {
    GrantPhase phase = grant.phase(now);
    if (phase == GrantPhase.PENDING) {
      return true;
    }
    Instant created = grant.toGrant(request, now).requestedAt();
    return phase == GrantPhase.DENIED
        && !grant.scoped()
        && (created == null || now.isBefore(created.plus(request.ttl())));
  }

  @Override
  public synchronized CompletableFuture<Grant> decision(String name) {
    MirroredGrant grant = grants.get(name);
    Instant now = clock.instant();
    if (grant != null && grant.phase(now) != GrantPhase.PENDING) {
      return CompletableFuture.completedFuture(grant.toGrant(null, now));
    }
    CompletableFuture<Grant> decided = new CompletableFuture<>();
    decisions.computeIfAbsent(name, n -> new ArrayList<>()).add(decided);
    return decided;
  }

  @Override
  public void executed(String name, String sqlState, long rows) {
    String at;
    synchronized (this) {
      Deque<String> ats = claimed.get(name);
      at = ats == null ? null : ats.poll();
      if (ats != null && ats.isEmpty()) {
        claimed.remove(name);
      }
    }
    send(new StreamMessage.ExecutionDone(name, at, Math.max(0, rows), sqlState));
  }

  @Override
  public Grant decide(
      String name, String approver, boolean approve, int maxExecutions, Duration lifetime) {
    throw new GrantDecisionException(
        "in Kubernetes, "
            + name
            + " is an AccessGrant: an approver decides with kubectl patch accessgrant "
            + name
            + " --subresource=status --type=merge -p '{\"status\":{\"decision\":\"Approved\"}}'");
  }

  @Override
  public void estimated(String name, long rows) {
    send(new StreamMessage.EstimatedRows(name, rows));
  }

  @Override
  public ScopeGrants scopes() {
    return this::coversScope;
  }

  private synchronized boolean coversScope(
      Identity identity, String policy, Operation operation, Set<TableRef> tables) {
    Instant now = clock.instant();
    return grants.values().stream()
        .anyMatch(grant -> grant.usable(now) && grant.covers(identity, policy, operation, tables));
  }

  @Override
  public synchronized List<Grant> list() {
    Instant now = clock.instant();
    List<Grant> all = new ArrayList<>();
    grants.values().forEach(grant -> all.add(0, grant.toGrant(null, now)));
    return all;
  }

  @Override
  public synchronized Optional<Grant> find(String name) {
    MirroredGrant grant = grants.get(name);
    return grant == null ? Optional.empty() : Optional.of(grant.toGrant(null, clock.instant()));
  }

  private synchronized void replaceAll(List<GrantView> views) {
    grants.clear();
    views.forEach(this::mirror);
  }

  private void mirror(GrantView view) {
    Grant audited = null;
    synchronized (this) {
      MirroredGrant grant = new MirroredGrant(view);
      Instant now = clock.instant();
      GrantPhase phase = grant.phase(now);
      // Used up or lapsed, it answers nothing any more: the mirror holds what is open.
      // (Claims taken stay until their statements report: the last one ends the grant first.)
      if (phase == GrantPhase.EXECUTED || phase == GrantPhase.EXPIRED) {
        grants.remove(view.name());
      } else {
        grants.put(view.name(), grant);
      }
      if (phase != GrantPhase.PENDING) {
        List<CompletableFuture<Grant>> waiting = decisions.remove(view.name());
        if (waiting != null) {
          Grant decided = grant.toGrant(null, now);
          waiting.forEach(future -> future.complete(decided));
        }
        ApprovalRequest request = asked.remove(view.name());
        if (request != null && view.decidedBy() != null) {
          audited = grant.toGrant(request, now);
        }
      }
    }
    if (audited != null) {
      onDecision.accept(audited);
    }
  }

  private synchronized void remove(String name) {
    grants.remove(name);
    asked.remove(name);
    claimed.remove(name);
  }

  private String ref() {
    return Long.toString(refs.incrementAndGet());
  }

  /** Sends {@code message} and waits for the answer carrying {@code ref}. */
  private CompletableFuture<StreamMessage> ask(String ref, StreamMessage message) {
    CompletableFuture<StreamMessage> answer = new CompletableFuture<>();
    answers.put(ref, answer);
    if (!send(message)) {
      answers.remove(ref);
      return CompletableFuture.failedFuture(
          new GrantUnavailableException("the sidecar is not connected to the operator"));
    }
    return answer
        .orTimeout(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((done, failed) -> answers.remove(ref));
  }

  private void answer(String ref, StreamMessage message) {
    CompletableFuture<StreamMessage> answer = answers.remove(ref);
    if (answer != null) {
      answer.complete(message);
    }
  }

  private boolean send(StreamMessage message) {
    Link open = link;
    boolean sent = open != null && open.send(message);
    if (!sent) {
      LOG.log(
          Level.WARNING,
          "not connected to the operator: {0} not sent",
          message.getClass().getSimpleName());
    }
    return sent;
  }
}
