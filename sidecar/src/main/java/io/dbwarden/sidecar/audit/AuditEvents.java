package io.dbwarden.sidecar.audit;

import io.dbwarden.api.audit.AuditEvent;
import io.dbwarden.api.audit.AuditEvent.ApprovalInfo;
import io.dbwarden.api.audit.AuditEvent.ClientInfo;
import io.dbwarden.api.audit.AuditEvent.DecisionInfo;
import io.dbwarden.api.audit.AuditEvent.IdentityInfo;
import io.dbwarden.api.audit.AuditEvent.PolicyInfo;
import io.dbwarden.api.audit.AuditEvent.ResultInfo;
import io.dbwarden.api.audit.AuditEvent.StatementInfo;
import io.dbwarden.sidecar.approval.ApprovalRequest;
import io.dbwarden.sidecar.approval.Grant;
import io.dbwarden.sidecar.approval.GrantPhase;
import io.dbwarden.sidecar.identity.Identity;
import java.util.List;
import java.util.Locale;

/** Builds audit events from what the proxy knows about a connection and a statement. */
public final class AuditEvents {

  private AuditEvents() {}

  /**
   * The connection facts repeated on every event of one connection, with their audit form built
   * once.
   */
  public static final class Connection {
    private final String session;
    private final Identity identity;
    private final String clientAddress;
    private final String application;
    private final String database;
    private final IdentityInfo identityInfo;
    private final ClientInfo clientInfo;

    public Connection(
        String session,
        Identity identity,
        String clientAddress,
        String application,
        String database) {
      this.session = session;
      this.identity = identity;
      this.clientAddress = clientAddress;
      this.application = application;
      this.database = database;
      this.identityInfo = identityInfo(identity);
      this.clientInfo = new ClientInfo(clientAddress, application);
    }

    public String session() {
      return session;
    }

    public Identity identity() {
      return identity;
    }

    public String clientAddress() {
      return clientAddress;
    }

    public String application() {
      return application;
    }

    public String database() {
      return database;
    }

    public Connection withIdentity(Identity newIdentity) {
      return new Connection(session, newIdentity, clientAddress, application, database);
    }

    public Connection withStartup(String newApplication, String newDatabase) {
      return new Connection(session, identity, clientAddress, newApplication, newDatabase);
    }
  }

  /**
   * A connection event: accepted, authenticated, or refused.
   *
   * @param sqlState for refusals, the SQLSTATE the client was sent
   * @param reason for refusals, why
   */
  public static AuditEvent connection(
      Connection connection, String event, String sqlState, String reason) {
    ResultInfo result =
        sqlState == null && reason == null
            ? null
            : new ResultInfo(null, null, null, sqlState, reason, null, null);
    return new AuditEvent(
        Timestamps.now(),
        "connection",
        event,
        connection.session,
        connection.identityInfo,
        connection.clientInfo,
        connection.database,
        null,
        null,
        result,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /**
   * The closing event of a connection that ran statements.
   *
   * @param statements statements run
   * @param refused of them, refused by the proxy
   * @param rows rows returned or affected by all of them
   * @param durationMicros how long the connection lived
   */
  public static AuditEvent closed(
      Connection connection, long statements, long refused, long rows, long durationMicros) {
    return new AuditEvent(
        Timestamps.now(),
        "connection",
        "closed",
        connection.session,
        connection.identityInfo,
        connection.clientInfo,
        connection.database,
        null,
        null,
        new ResultInfo(rows, null, null, null, null, statements, refused),
        durationMicros,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** A statement's intent: decided, and about to be sent to the database (or refused). */
  public static AuditEvent intent(
      Connection connection, StatementInfo statement, DecisionInfo decision, String policyVersion) {
    return new AuditEvent(
        Timestamps.now(),
        "statement",
        "intent",
        connection.session,
        connection.identityInfo,
        connection.clientInfo,
        connection.database,
        statement,
        decision,
        null,
        null,
        null,
        null,
        policyVersion,
        null,
        null,
        null,
        null);
  }

  /** A statement's result, written when it completed, failed, or was refused. */
  public static AuditEvent completed(
      Connection connection,
      StatementInfo statement,
      DecisionInfo decision,
      ResultInfo result,
      long proxyMicros,
      long databaseMicros,
      String policyVersion) {
    return new AuditEvent(
        Timestamps.now(),
        "statement",
        "completed",
        connection.session,
        connection.identityInfo,
        connection.clientInfo,
        connection.database,
        statement,
        decision,
        result,
        proxyMicros + databaseMicros,
        proxyMicros,
        databaseMicros,
        policyVersion,
        null,
        null,
        null,
        null);
  }

  /** A policy put in force. */
  public static AuditEvent policyLoaded(String name, String version, String source) {
    return policy("loaded", name, version, source, null);
  }

  /** A policy that was not put in force, and why. */
  public static AuditEvent policyRejected(
      String name, String version, String source, List<String> problems) {
    return policy("rejected", name, version, source, problems);
  }

  private static AuditEvent policy(
      String event, String name, String version, String source, List<String> problems) {
    return new AuditEvent(
        Timestamps.now(),
        "policy",
        event,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        version,
        new PolicyInfo(name, source, problems),
        null,
        null,
        null);
  }

  /**
   * An approval event: {@code requested} when a statement needs one, {@code decided} when a person
   * approved or denied it, {@code executed} when the approved statement ran.
   */
  public static AuditEvent approval(
      Connection connection,
      String event,
      StatementInfo statement,
      ApprovalInfo approval,
      String policyVersion) {
    return new AuditEvent(
        Timestamps.now(),
        "approval",
        event,
        connection == null ? null : connection.session,
        connection == null ? null : connection.identityInfo,
        connection == null ? null : connection.clientInfo,
        connection == null ? null : connection.database,
        statement,
        null,
        null,
        null,
        null,
        null,
        policyVersion,
        null,
        approval,
        null,
        null);
  }

  /**
   * A person approved or denied a grant: the {@code decided} approval event, with the statement as
   * it was asked for (redacted) and who decided. No connection: the decision is not made on one.
   */
  public static AuditEvent approvalDecided(Grant grant, String policyVersion) {
    ApprovalRequest request = grant.request();
    return approval(
        null,
        "decided",
        new StatementInfo(
            null,
            request.text(),
            request.fingerprint(),
            null,
            null,
            request.tables(),
            null,
            null,
            null,
            null,
            null),
        new ApprovalInfo(
            grant.name(),
            request.rule(),
            grant.phase() == GrantPhase.DENIED ? "Denied" : "Approved",
            grant.decidedBy()),
        policyVersion);
  }

  /**
   * Written by the sink itself: events were lost (the queue was full or the output failed).
   *
   * @param lost since the last such record
   * @param total since the sink started
   */
  static AuditEvent dropped(long lost, long total) {
    return new AuditEvent(
        Timestamps.now(),
        "audit",
        "dropped",
        null,
        null,
        null,
        null,
        null,
        null,
        new ResultInfo(
            lost, null, null, null, "audit events lost: " + total + " in all", null, null),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  private static IdentityInfo identityInfo(Identity identity) {
    if (identity == null) {
      return null;
    }
    return new IdentityInfo(
        identity.kind().name(),
        identity.name(),
        identity.groups(),
        identity.actor(),
        identity.method().name().toLowerCase(Locale.ROOT));
  }
}
