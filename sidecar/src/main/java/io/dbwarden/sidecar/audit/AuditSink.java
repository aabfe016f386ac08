package io.dbwarden.sidecar.audit;

import io.dbwarden.api.audit.AuditEvent;

/**
 * Where audit events go. {@link #record} is called on Netty event loops and must never block: a
 * sink hands the event to its own writer thread.
 */
public interface AuditSink extends AutoCloseable {

  /**
   * Hands one event to the sink.
   *
   * @return false when the sink did not take it (its queue is full, or it is closed): the event is
   *     lost, and counted as dropped
   */
  boolean record(AuditEvent event);

  /**
   * Why the sink cannot write at the moment (e.g. {@code audit file /x: No space left on device}),
   * or null while it writes.
   */
  default String failure() {
    return null;
  }

  /** Events accepted and not yet written. */
  default int queued() {
    return 0;
  }

  /** Events lost since the sink started: not accepted, or not written when the sink closed. */
  default long dropped() {
    return 0;
  }

  /** Events written. */
  default long written() {
    return 0;
  }

  /** Writes that failed (and were retried). */
  default long failedWrites() {
    return 0;
  }

  /** Flushes what was recorded and stops; events recorded afterwards are dropped. */
  @Override
  void close();
}
