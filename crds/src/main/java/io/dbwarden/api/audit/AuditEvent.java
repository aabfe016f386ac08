package io.dbwarden.api.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * One audit record, as specified in ARCHITECTURE.md ("Audit event"). Fields that do not apply to an
 * event type are null and left out of the JSON.
 *
 * @param ts when the event happened, ISO-8601 in UTC with microseconds
 * @param type {@code connection}, {@code statement}, {@code approval} or {@code policy}
 * @param event what happened within the type, e.g. {@code accepted}, {@code authenticated}, {@code
 *     refused}, {@code closed} for connections, {@code executed} for statements
 * @param session the proxy's id of the client connection
 * @param identity who, once known
 * @param client where from
 * @param database the database the connection uses
 * @param statement what was run
 * @param decision what the proxy decided
 * @param result what came of it
 * @param durationMicros time from receiving the statement to its completion
 * @param policyVersion the policy bundle version in force
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "ts",
  "type",
  "event",
  "session",
  "identity",
  "client",
  "database",
  "statement",
  "decision",
  "result",
  "duration_us",
  "policy_version"
})
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
    @JsonProperty("policy_version") String policyVersion) {

  public AuditEvent {
    Objects.requireNonNull(ts, "ts must not be null");
    Objects.requireNonNull(type, "type must not be null");
  }

  /** The identity of the connection. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record IdentityInfo(
      String kind, String name, List<String> groups, String actor, String method) {}

  /** The client's address and self-declared application. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ClientInfo(String addr, String application) {}

  /** The statement, with literals redacted once analysis exists. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StatementInfo(
      String text,
      String fingerprint,
      String operation,
      String protocol,
      @JsonProperty("tables_read") List<String> tablesRead,
      @JsonProperty("tables_written") List<String> tablesWritten,
      @JsonProperty("columns_read") List<String> columnsRead,
      @JsonProperty("columns_written") List<String> columnsWritten,
      List<ColumnLineage> lineage) {}

  /** One output column of a statement and the stored columns its values come from. */
  public record ColumnLineage(String column, List<String> sources) {}

  /** The decision and the rule that made it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record DecisionInfo(String action, String rule, String reason) {}

  /** Rows returned or affected, masked values, and the SQLSTATE of an error. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ResultInfo(
      Long rows, @JsonProperty("masked_values") Long maskedValues, String sqlstate, String error) {}
}
