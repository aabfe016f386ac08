package io.dbwarden.sidecar.audit;

import io.dbwarden.api.audit.AuditEvent;
import io.dbwarden.api.audit.AuditEvent.ClientInfo;
import io.dbwarden.api.audit.AuditEvent.DecisionInfo;
import io.dbwarden.api.audit.AuditEvent.IdentityInfo;
import io.dbwarden.api.audit.AuditEvent.ResultInfo;
import io.dbwarden.api.audit.AuditEvent.StatementInfo;
import io.dbwarden.sidecar.identity.Identity;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Builds audit events from what the proxy knows about a connection and a statement. */
public final class AuditEvents {

  private AuditEvents() {}

  /** The connection facts repeated on every event of one connection. */
  public record Connection(
      String session,
      Identity identity,
      String clientAddress,
      String application,
      String database) {

    public Connection withIdentity(Identity newIdentity) {
      return new Connection(session, newIdentity, clientAddress, application, database);
    }

    public Connection withStartup(String newApplication, String newDatabase) {
      return new Connection(session, identity, clientAddress, newApplication, newDatabase);
    }
  }

  /**
   * A connection event.
   *
   * @param event accepted, authenticated, refused or closed
   * @param sqlState for refusals, the SQLSTATE the client was sent
   * @param reason for refusals, why
   * @param statements for closed, statements run on the connection
   * @param durationMicros for closed, how long the connection lived
   */
  public static AuditEvent connection(
      Connection connection,
      String event,
      String sqlState,
      String reason,
      Long statements,
      Long durationMicros) {
    ResultInfo result =
        sqlState == null && reason == null && statements == null
            ? null
            : new ResultInfo(statements, null, sqlState, reason);
    return new AuditEvent(
        now(),
        "connection",
        event,
        connection.session(),
        identity(connection.identity()),
        client(connection),
        connection.database(),
        null,
        null,
        result,
        durationMicros,
        null);
  }

  /** A statement event, written when the statement completed or was refused. */
  public static AuditEvent statement(
      Connection connection,
      StatementInfo statement,
      DecisionInfo decision,
      ResultInfo result,
      long durationMicros,
      String policyVersion) {
    return new AuditEvent(
        now(),
        "statement",
        "executed",
        connection.session(),
        identity(connection.identity()),
        client(connection),
        connection.database(),
        statement,
        decision,
        result,
        durationMicros,
        policyVersion);
  }

  private static IdentityInfo identity(Identity identity) {
    if (identity == null) {
      return null;
    }
    return new IdentityInfo(
        identity.kind().name(),
        identity.name(),
        identity.groups(),
        identity.actor(),
        identity.method().name().toLowerCase(java.util.Locale.ROOT));
  }

  private static ClientInfo client(Connection connection) {
    return new ClientInfo(connection.clientAddress(), connection.application());
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS).toString();
  }
}
