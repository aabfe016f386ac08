package io.dbwarden.api.grant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The decision on an {@link AccessGrant} and what came of it. {@code decision} is written by a
 * person ({@code kubectl patch --subresource=status}); {@code decidedBy} and {@code decidedAt} are
 * stamped by the operator's webhook from that request; the rest is the operator's.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "observedGeneration",
  "decision",
  "decidedBy",
  "decidedAt",
  "phase",
  "conditions",
  "expiresAt",
  "estimatedRows",
  "executions"
})
public class AccessGrantStatus {

  /** Condition type: the policy the grant names exists. */
  public static final String POLICY_FOUND = "PolicyFound";

  /**
   * Condition type: a decision the operator accepts was made; False with a reason while there is
   * none, or when the one written is ignored (no webhook stamp, decided by the subject).
   */
  public static final String DECIDED = "Decided";

  /** How many of a scope grant's executions status keeps: it runs any number of statements. */
  public static final int SCOPE_EXECUTIONS_KEPT = 50;

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Approved or Denied, by one of the policy's approvers.")
  private Decision decision;

  @JsonPropertyDescription("The user who decided, stamped by the admission webhook.")
  private String decidedBy;

  @JsonPropertyDescription("When the decision was made (RFC 3339).")
  private String decidedAt;

  @JsonPropertyDescription("Pending, Approved, Denied, Expired or Executed.")
  private GrantPhase phase;

  @JsonPropertyDescription("Kubernetes conditions, e.g. why a decision was refused.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("When the grant stops being usable (RFC 3339).")
  private String expiresAt;

  @JsonPropertyDescription(
      "Rows the database's planner expects the statement to touch, as the requesting sidecar"
          + " measured it; absent when not safe to ask.")
  private Long estimatedRows;

  @JsonPropertyDescription(
      "Each use of the grant; for a scope grant the most recent "
          + AccessGrantStatus.SCOPE_EXECUTIONS_KEPT
          + ".")
  private List<Execution> executions = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public Decision getDecision() {
    return decision;
  }

  public void setDecision(Decision decision) {
    this.decision = decision;
  }

  public String getDecidedBy() {
    return decidedBy;
  }

  public void setDecidedBy(String decidedBy) {
    this.decidedBy = decidedBy;
  }

  public String getDecidedAt() {
    return decidedAt;
  }

  public void setDecidedAt(String decidedAt) {
    this.decidedAt = decidedAt;
  }

  public GrantPhase getPhase() {
    return phase;
  }

  public void setPhase(GrantPhase phase) {
    this.phase = phase;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public String getExpiresAt() {
    return expiresAt;
  }

  public void setExpiresAt(String expiresAt) {
    this.expiresAt = expiresAt;
  }

  public Long getEstimatedRows() {
    return estimatedRows;
  }

  public void setEstimatedRows(Long estimatedRows) {
    this.estimatedRows = estimatedRows;
  }

  public List<Execution> getExecutions() {
    return executions;
  }

  public void setExecutions(List<Execution> executions) {
    this.executions = executions;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AccessGrantStatus other
        && Objects.equals(observedGeneration, other.observedGeneration)
        && decision == other.decision
        && Objects.equals(decidedBy, other.decidedBy)
        && Objects.equals(decidedAt, other.decidedAt)
        && phase == other.phase
        && Objects.equals(conditions, other.conditions)
        && Objects.equals(expiresAt, other.expiresAt)
        && Objects.equals(estimatedRows, other.estimatedRows)
        && Objects.equals(executions, other.executions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        observedGeneration,
        decision,
        decidedBy,
        decidedAt,
        phase,
        conditions,
        expiresAt,
        estimatedRows,
        executions);
  }

  @Override
  public String toString() {
    return "AccessGrantStatus{decision="
        + decision
        + ", decidedBy="
        + decidedBy
        + ", phase="
        + phase
        + ", expiresAt="
        + expiresAt
        + ", executions="
        + executions
        + "}";
  }
}
