package io.dbwarden.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import java.util.Objects;

/** {@code spec.audit}: what audit records hold and what an audit failure does to traffic. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"parameters", "mode"})
public class AuditSettings {

  @Default("redact")
  @JsonPropertyDescription("redact or include the values of statement parameters.")
  private ParameterLogging parameters = ParameterLogging.REDACT;

  @Default("strict")
  @JsonPropertyDescription(
      "strict refuses statements when the audit sink cannot write; best-effort lets them through.")
  private AuditMode mode = AuditMode.STRICT;

  public ParameterLogging getParameters() {
    return parameters;
  }

  public void setParameters(ParameterLogging parameters) {
    this.parameters = parameters;
  }

  public AuditMode getMode() {
    return mode;
  }

  public void setMode(AuditMode mode) {
    this.mode = mode;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuditSettings other && parameters == other.parameters && mode == other.mode;
  }

  @Override
  public int hashCode() {
    return Objects.hash(parameters, mode);
  }

  @Override
  public String toString() {
    return "AuditSettings{parameters=" + parameters + ", mode=" + mode + "}";
  }
}
