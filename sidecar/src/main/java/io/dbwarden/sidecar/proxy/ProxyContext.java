package io.dbwarden.sidecar.proxy;

import io.dbwarden.sidecar.audit.AuditGuard;
import io.dbwarden.sidecar.audit.AuditSink;
import io.dbwarden.sidecar.config.ProxyConfig;
import io.dbwarden.sidecar.metrics.ProxyMetrics;
import io.dbwarden.sidecar.policy.StatementDecider;
import io.netty.handler.ssl.SslContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/** What every connection of one proxy server shares. */
final class ProxyContext {

  private final ProxyConfig config;
  private final StatementDecider decider;
  private final AuditGuard audit;
  private final ProxyMetrics metrics;
  private final SslContext clientSslContext;
  private final UpstreamConnector upstream;
  private final CancelRegistry cancelRegistry = new CancelRegistry();
  private final Set<ProxySession> sessions = ConcurrentHashMap.newKeySet();
  private final AtomicLong sessionCounter = new AtomicLong();
  private final String sessionPrefix = Long.toHexString(System.currentTimeMillis());
  private final ExecutorService blockingExecutor =
      Executors.newFixedThreadPool(
          Math.max(2, Runtime.getRuntime().availableProcessors()),
          runnable -> {
            Thread thread = new Thread(runnable, "dbwarden-blocking");
            thread.setDaemon(true);
            return thread;
          });
  private volatile boolean draining;

  ProxyContext(
      ProxyConfig config,
      StatementDecider decider,
      AuditGuard audit,
      ProxyMetrics metrics,
      SslContext clientSslContext,
      UpstreamConnector upstream) {
    this.config = config;
    this.decider = decider;
    this.audit = audit;
    this.metrics = metrics;
    this.clientSslContext = clientSslContext;
    this.upstream = upstream;
  }

  ProxyConfig config() {
    return config;
  }

  StatementDecider decider() {
    return decider;
  }

  AuditSink audit() {
    return audit.sink();
  }

  /** The audit sink with its mode: whether statements may go on while it fails. */
  AuditGuard auditGuard() {
    return audit;
  }

  ProxyMetrics metrics() {
    return metrics;
  }

  /** Null when the proxy offers no TLS to clients. */
  SslContext clientSslContext() {
    return clientSslContext;
  }

  UpstreamConnector upstream() {
    return upstream;
  }

  CancelRegistry cancelRegistry() {
    return cancelRegistry;
  }

  Set<ProxySession> sessions() {
    return sessions;
  }

  /** Where work that may block (key derivation, fetching keys) runs, off the event loops. */
  ExecutorService blockingExecutor() {
    return blockingExecutor;
  }

  String nextSessionId() {
    return sessionPrefix + "-" + sessionCounter.incrementAndGet();
  }

  boolean draining() {
    return draining;
  }

  void startDraining() {
    draining = true;
  }
}
