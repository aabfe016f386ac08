package io.dbwarden.sidecar.proxy;

import io.dbwarden.sidecar.identity.Identity;
import io.dbwarden.sidecar.pg.protocol.TransactionStatus;

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
}
