package io.dbwarden.api.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One audit record, as specified in ARCHITECTURE.md ("Audit event"). Fields that do not apply to an
 * event type are null and left out of the JSON.
 *
 * <p>Written records are chained: {@code prev_hash} is the {@code hash} of the record before (or
 * {@link #GENESIS_HASH} for the first one ever written), and {@code hash} is the SHA-256, in lower
 * case hex, of {@code prev_hash} followed by the record's canonical JSON without {@code hash}
 * (object keys sorted, no whitespace between tokens). Keys are written sorted, so a written line
 * without its {@code hash} is its own canonical form.
 *
 * @param ts when the event happened, ISO-8601 in UTC with microseconds
 * @param type {@code connection}, {@code statement}, {@code approval} or {@code policy}
 * @param event what happened within the type: {@code accepted}, {@code authenticated}, {@code
 *     refused}, {@code closed} for connections; {@code intent} (decided, about to go to the
 *     database) and {@code completed} for statements; {@code loaded}, {@code rejected} for
 *     policies; {@code requested}, {@code decided}, {@code executed} for approvals
 * @param session the proxy's id of the client connection
 * @param identity who, once known
 * @param client where from
 * @param database the database the connection uses
 * @param statement what was run
 * @param decision what the proxy decided
 * @param result what came of it
 * @param durationMicros for a completed statement, {@code proxy_us + database_us}; for a closed
 *     connection, how long it lived
 * @param proxyMicros time the statement spent in the proxy: from receipt to being sent to the
 *     database (judging it, waiting for an analysis), plus transforming its rows
 * @param databaseMicros the rest of the statement's time: the database's work, the network, and
 *     waiting for the client to take the rows
 * @param policyVersion the policy bundle version in force
 * @param policy for policy events, which policy
 * @param approval for approval events, which grant
 * @param prevHash the hash of the record written before this one
 * @param hash this record's hash, see above
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEvent(
    String ts,
    String type,
    String event,
    String session,
    IdentityInfo identity,
    ClientInfo client,
    String database,
    StatementInfo statement,
    DecisionInfo decision,
    ResultInfo result,
    @JsonProperty("duration_us") Long durationMicros,
    @JsonProperty("proxy_us") Long proxyMicros,
    @JsonProperty("database_us") Long databaseMicros,
    @JsonProperty("policy_version") String policyVersion,
    PolicyInfo policy,
    ApprovalInfo approval,
    @JsonProperty("prev_hash") String prevHash,
    String hash) {

  /** The {@code prev_hash} of the first record of a chain: 64 zeros. */
  public static final String GENESIS_HASH = "0".repeat(64);

  public AuditEvent {
    Objects.requireNonNull(ts, "ts must not be null");
    Objects.requireNonNull(type, "type must not be null");
  }

  /** This record placed in a chain. */
  public AuditEvent chained(String newPrevHash, String newHash) {
    return new AuditEvent(
        ts,
        type,
        event,
        session,
        identity,
        client,
        database,
        statement,
        decision,
        result,
        durationMicros,
        proxyMicros,
        databaseMicros,
        policyVersion,
        policy,
        approval,
        newPrevHash,
        newHash);
  }

  /** This record with other statement facts (e.g. its text redacted). */
  public AuditEvent withStatement(StatementInfo newStatement) {
    return new AuditEvent(
        ts,
        type,
        event,
        session,
        identity,
        client,
        database,
        newStatement,
        decision,
        result,
        durationMicros,
        proxyMicros,
        databaseMicros,
        policyVersion,
        policy,
        approval,
        prevHash,
        hash);
  }

  /**
   * The identity of the connection.
   *
   * @param method how it was established: scram, password, jwt, workload, passthrough
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record IdentityInfo(
      String kind, String name, List<String> groups, String actor, String method) {}

  /** The client's address and self-declared application. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ClientInfo(String addr, String application) {}

  /**
   * The statement, with literals redacted.
   *
   * @param seq the statement's number on its connection, the same on its intent and completed
   *     records
   * @param text the statement with every literal replaced by {@code $n}
   * @param protocol simple, extended or function_call
   * @param parameters only when the policy's {@code audit.parameters} is {@code include}: the
   *     values behind the placeholders of {@code text}, by placeholder ({@code $1}...), bind
   *     parameters and literals alike
   * @param lineage the output columns and the stored columns their values come from
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StatementInfo(
      Long seq,
      String text,
      String fingerprint,
      String operation,
      String protocol,
      @JsonProperty("tables_read") List<String> tablesRead,
      @JsonProperty("tables_written") List<String> tablesWritten,
      @JsonProperty("columns_read") List<String> columnsRead,
      @JsonProperty("columns_written") List<String> columnsWritten,
      List<ColumnLineage> lineage,
      Map<String, String> parameters) {}

  /** One output column of a statement and the stored columns its values come from. */
  public record ColumnLineage(String column, List<String> sources) {}

  /**
   * The decision and the rule that made it.
   *
   * @param action allow, deny, mask (allowed, and values were masked) or approval_required
   * @param rule the rule that decided: for an allowed statement the permission rule that granted
   *     it, for a refusal the rule that refused it
   * @param reason for a refusal, the message the client was sent
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record DecisionInfo(String action, String rule, String reason) {}

  /**
   * What came of a statement, or of a connection.
   *
   * @param rows rows returned or affected; for a closed connection, over all its statements
   * @param maskedValues values the proxy replaced in result rows
   * @param maskedColumns the result columns whose values were masked
   * @param sqlstate the SQLSTATE of the error the client got, or of a refused connection
   * @param error the error's message
   * @param statements for a closed connection, the statements it ran
   * @param refused for a closed connection, how many of them were refused
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ResultInfo(
      Long rows,
      @JsonProperty("masked_values") Long maskedValues,
      @JsonProperty("masked_columns") List<String> maskedColumns,
      String sqlstate,
      String error,
      Long statements,
      Long refused) {}

  /**
   * A policy as loaded or rejected.
   *
   * @param name the policy's name
   * @param source where it came from (a file, the operator)
   * @param problems for a rejected policy, what is wrong with it
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PolicyInfo(String name, String source, List<String> problems) {}

  /**
   * An approval: the AccessGrant asked for or decided, and for whom.
   *
   * @param grant the AccessGrant's namespace/name
   * @param rule the rule that requires approval
   * @param decision Approved or Denied, once decided
   * @param decidedBy who decided
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ApprovalInfo(
      String grant, String rule, String decision, @JsonProperty("decided_by") String decidedBy) {}
}
