package io.dbwarden.sidecar.audit;

import io.dbwarden.api.audit.AuditEvent;

/**
 * Where audit events go. {@link #record} is called on Netty event loops and must never block: a
 * sink hands the event to its own writer thread.
 */
public interface AuditSink extends AutoCloseable {

  void record(AuditEvent event);

  /** Flushes what was recorded and stops; events recorded afterwards are dropped. */
  @Override
  void close();
}
