package io.dbwarden.sidecar.proxy;

import io.dbwarden.sidecar.identity.Identity;
import io.dbwarden.sidecar.pg.protocol.TransactionStatus;
import java.util.function.Supplier;

/** What the decision step may know about the connection a statement arrived on. */
public interface SessionInfo {

  /** The proxy's id of this connection, as recorded in audit events. */
  String sessionId();

  Identity identity();

  String database();

  /** The client's {@code application_name}, or null. */
  String applicationName();

  /** A run-time parameter as last reported by the server (ParameterStatus), or null. */
  String serverParameter(String name);

  TransactionStatus transactionStatus();

  /**
   * State the decision step keeps for this connection, one object per type, created on first use.
   * Only ever touched on the connection's event loop.
   */
  <T> T state(Class<T> type, Supplier<T> initial);
}
