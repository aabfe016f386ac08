package io.dbwarden.sidecar.policy;

import io.dbwarden.sidecar.proxy.SessionInfo;
import java.util.concurrent.CompletionStage;

/**
 * The decision step every statement passes before it goes upstream. It runs on the connection's
 * event loop and must not block: work that takes time (parsing on a cache miss, waiting for an
 * approval) completes the returned stage later, and the connection holds back that statement and
 * everything after it, in order, until then.
 */
@FunctionalInterface
public interface StatementDecider {

  /** Allows everything: the pass-through proxy. */
  StatementDecider ALLOW_ALL = (session, request) -> Decisions.ALLOWED;

  CompletionStage<Decision> decide(SessionInfo session, StatementRequest request);
}
