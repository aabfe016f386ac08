package io.dbwarden.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the operator observed of a {@link DatabasePolicy}; written only by the operator, through the
 * status subresource. Conditions follow the Kubernetes API conventions (types {@code Valid} and
 * {@code Ready}).
 *
 * @see <a
 *     href="https://github.com/kubernetes/community/blob/master/contributors/devel/sig-architecture/api-conventions.md#typical-status-properties">API
 *     conventions: typical status properties</a>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"observedGeneration", "conditions", "version", "sidecars", "audit"})
public class DatabasePolicyStatus {

  /** Condition type: the spec passed validation. */
  public static final String VALID = "Valid";

  /** Condition type: every selected sidecar runs the current version. */
  public static final String READY = "Ready";

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Valid (the spec passed validation) and Ready (sidecars run it).")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Content hash of the spec, as sidecars report it.")
  private String version;

  @JsonPropertyDescription("Sidecars enforcing the policy, and how many run its version.")
  private SidecarCounts sidecars;

  @JsonPropertyDescription("Totals reported by the sidecars' audit summaries.")
  private AuditSummary audit;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public SidecarCounts getSidecars() {
    return sidecars;
  }

  public void setSidecars(SidecarCounts sidecars) {
    this.sidecars = sidecars;
  }

  public AuditSummary getAudit() {
    return audit;
  }

  public void setAudit(AuditSummary audit) {
    this.audit = audit;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DatabasePolicyStatus other
        && Objects.equals(observedGeneration, other.observedGeneration)
        && Objects.equals(conditions, other.conditions)
        && Objects.equals(version, other.version)
        && Objects.equals(sidecars, other.sidecars)
        && Objects.equals(audit, other.audit);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, conditions, version, sidecars, audit);
  }

  @Override
  public String toString() {
    return "DatabasePolicyStatus{observedGeneration="
        + observedGeneration
        + ", conditions="
        + conditions
        + ", version="
        + version
        + ", sidecars="
        + sidecars
        + ", audit="
        + audit
        + "}";
  }
}
