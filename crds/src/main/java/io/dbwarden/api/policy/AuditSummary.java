package io.dbwarden.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/** Totals of the audit summaries the sidecars send back, for {@code kubectl get} at a glance. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"statements", "denied", "masked", "lastDenied"})
public class AuditSummary {

  @JsonPropertyDescription("Statements judged under this policy.")
  private Long statements;

  @JsonPropertyDescription("Statements refused.")
  private Long denied;

  @JsonPropertyDescription("Values masked.")
  private Long masked;

  @JsonPropertyDescription("When a statement was last refused (RFC 3339).")
  private String lastDenied;

  public Long getStatements() {
    return statements;
  }

  public void setStatements(Long statements) {
    this.statements = statements;
  }

  public Long getDenied() {
    return denied;
  }

  public void setDenied(Long denied) {
    this.denied = denied;
  }

  public Long getMasked() {
    return masked;
  }

  public void setMasked(Long masked) {
    this.masked = masked;
  }

  public String getLastDenied() {
    return lastDenied;
  }

  public void setLastDenied(String lastDenied) {
    this.lastDenied = lastDenied;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuditSummary other
        && Objects.equals(statements, other.statements)
        && Objects.equals(denied, other.denied)
        && Objects.equals(masked, other.masked)
        && Objects.equals(lastDenied, other.lastDenied);
  }

  @Override
  public int hashCode() {
    return Objects.hash(statements, denied, masked, lastDenied);
  }

  @Override
  public String toString() {
    return "AuditSummary{statements="
        + statements
        + ", denied="
        + denied
        + ", masked="
        + masked
        + ", lastDenied="
        + lastDenied
        + "}";
  }
}
