package io.dbwarden.sidecar.approval;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Grants kept in the proxy's memory, for {@code run} and {@code demo} without Kubernetes; decided
 * through the admin port. Bounded: the oldest ended grants make room for new requests.
 */
public final class LocalGrantStore implements GrantStore {

  private static final int CAPACITY = 10_000;

  private final Clock clock;
  private final Map<String, Grant> grants = new LinkedHashMap<>();
  private final Map<String, CompletableFuture<Grant>> decisions = new HashMap<>();

  public LocalGrantStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public CompletableFuture<Optional<Grant>> takeExecution(ApprovalRequest request) {
    return CompletableFuture.completedFuture(take(request));
  }

  private synchronized Optional<Grant> take(ApprovalRequest request) {
    Grant grant = current(request.grantName());
    if (grant == null || grant.executionsLeft() == 0) {
      return Optional.empty();
    }
    List<Grant.GrantExecution> runs = new ArrayList<>(grant.executions());
    // Reserved now, so that two connections cannot both take the last execution.
    runs.add(new Grant.GrantExecution(clock.instant(), null, -1));
    Grant taken =
        grant.withRuns(
            runs.size() >= grant.maxExecutions() ? GrantPhase.EXECUTED : GrantPhase.APPROVED, runs);
    grants.put(grant.name(), taken);
    return Optional.of(taken);
  }

  @Override
  public CompletableFuture<Grant> request(ApprovalRequest request) {
    return CompletableFuture.completedFuture(open(request));
  }

  /** The grant that answers {@code request}, made when there is none. */
  public synchronized Grant open(ApprovalRequest request) {
    String name = request.grantName();
    Grant grant = current(name);
    boolean open = grant != null && grant.phase() == GrantPhase.PENDING;
    // A denial stands for as long as the request would have: asking again at once changes nothing.
    boolean denied =
        grant != null
            && grant.phase() == GrantPhase.DENIED
            && clock.instant().isBefore(grant.expiresAt());
    if (open || denied) {
      return grant;
    }
    Grant fresh = Grant.requested(request, clock.instant());
    grants.remove(name);
    grants.put(name, fresh);
    evict();
    return fresh;
  }

  @Override
  public synchronized CompletableFuture<Grant> decision(String name) {
    Grant grant = current(name);
    if (grant != null && grant.phase() != GrantPhase.PENDING) {
      return CompletableFuture.completedFuture(grant);
    }
    return decisions.computeIfAbsent(name, key -> new CompletableFuture<>());
  }

  @Override
  public synchronized void executed(String name, String sqlState, long rows) {
    Grant grant = grants.get(name);
    if (grant == null) {
      return;
    }
    List<Grant.GrantExecution> runs = new ArrayList<>(grant.executions());
    for (int i = 0; i < runs.size(); i++) {
      if (runs.get(i).rows() < 0 && runs.get(i).sqlState() == null) {
        runs.set(i, new Grant.GrantExecution(runs.get(i).at(), sqlState, Math.max(0, rows)));
        break;
      }
    }
    grants.put(name, grant.withRuns(grant.phase(), runs));
  }

  @Override
  public Grant decide(
      String name, String approver, boolean approve, int maxExecutions, Duration lifetime) {
    Grant decided;
    CompletableFuture<Grant> waiting;
    synchronized (this) {
      Grant grant = current(name);
      if (grant == null) {
        throw new GrantDecisionException("no approval request named " + name);
      }
      if (grant.phase() != GrantPhase.PENDING) {
        throw new GrantDecisionException(
            name + " is " + grant.phase().name().toLowerCase() + "; a decision is final");
      }
      Instant now = clock.instant();
      decided =
          approve
              ? grant.decided(GrantPhase.APPROVED, now.plus(lifetime), approver, now, maxExecutions)
              : grant.decided(GrantPhase.DENIED, grant.expiresAt(), approver, now, 0);
      grants.put(name, decided);
      waiting = decisions.remove(name);
    }
    if (waiting != null) {
      waiting.complete(decided);
    }
    return decided;
  }

  @Override
  public synchronized void estimated(String name, long rows) {
    Grant grant = grants.get(name);
    if (grant != null) {
      grants.put(name, grant.withEstimate(rows));
    }
  }

  @Override
  public synchronized List<Grant> list() {
    List<Grant> all = new ArrayList<>();
    for (String name : List.copyOf(grants.keySet())) {
      all.add(0, current(name));
    }
    return all;
  }

  @Override
  public synchronized Optional<Grant> find(String name) {
    return Optional.ofNullable(current(name));
  }

  /** The grant as it stands now: a pending or approved grant past its time has lapsed. */
  private Grant current(String name) {
    Grant grant = grants.get(name);
    if (grant == null
        || grant.phase().ended()
        || grant.phase() == GrantPhase.APPROVED && grant.executionsLeft() == 0
        || clock.instant().isBefore(grant.expiresAt())) {
      return grant;
    }
    Grant lapsed = grant.withPhase(GrantPhase.EXPIRED);
    grants.put(name, lapsed);
    CompletableFuture<Grant> waiting = decisions.remove(name);
    if (waiting != null) {
      waiting.complete(lapsed);
    }
    return lapsed;
  }

  private void evict() {
    var oldest = grants.entrySet().iterator();
    while (grants.size() > CAPACITY && oldest.hasNext()) {
      if (oldest.next().getValue().phase().ended()) {
        oldest.remove();
      }
    }
  }
}
