package io.dbwarden.api.grant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.dbwarden.api.policy.PolicyPatterns;
import io.dbwarden.api.policy.Subject;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Objects;

/** What an {@link AccessGrant} asks for: one statement, or a scope for a while. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "policy",
  "subject",
  "statement",
  "parameters",
  "scope",
  "reason",
  "duration",
  "maxExecutions"
})
@ValidationRule(
    value = "has(self.statement) != has(self.scope)",
    message = "an AccessGrant names exactly one of statement or scope")
// An approval is for what was asked: editing the statement afterwards must not carry it over.
@ValidationRule(
    value = "self == oldSelf",
    message = "an AccessGrant's spec cannot change; create a new grant instead")
public class AccessGrantSpec {

  @Required
  @Pattern(PolicyPatterns.OBJECT_NAME)
  @PrinterColumn(name = "Policy", priority = 1)
  @JsonPropertyDescription("The DatabasePolicy, in the grant's namespace, whose approvals apply.")
  private String policy;

  @Required
  @JsonPropertyDescription("Who may run what is granted.")
  private Subject subject;

  @JsonPropertyDescription("The one statement granted, as the client sends it.")
  private String statement;

  @JsonPropertyDescription(
      "Values bound to the statement's $1, $2, ... parameters, in order, when it was sent over the"
          + " extended protocol; the grant is for these values only.")
  private List<String> parameters;

  @JsonPropertyDescription(
      "Operations on tables granted for the duration (just-in-time access); maxExecutions does"
          + " not apply.")
  private GrantScope scope;

  @JsonPropertyDescription("Why, for the approver and the audit trail.")
  private String reason;

  @Default("1h")
  @Pattern(PolicyPatterns.DURATION)
  @JsonPropertyDescription("How long the grant can be used once approved, e.g. 1h or 30m.")
  private String duration = "1h";

  @Default("1")
  @Min(1)
  @JsonPropertyDescription("How many times the granted statement may run.")
  private Integer maxExecutions = 1;

  public String getPolicy() {
    return policy;
  }

  public void setPolicy(String policy) {
    this.policy = policy;
  }

  public Subject getSubject() {
    return subject;
  }

  public void setSubject(Subject subject) {
    this.subject = subject;
  }

  public String getStatement() {
    return statement;
  }

  public void setStatement(String statement) {
    this.statement = statement;
  }

  public List<String> getParameters() {
    return parameters;
  }

  public void setParameters(List<String> parameters) {
    this.parameters = parameters;
  }

  public GrantScope getScope() {
    return scope;
  }

  public void setScope(GrantScope scope) {
    this.scope = scope;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getDuration() {
    return duration;
  }

  public void setDuration(String duration) {
    this.duration = duration;
  }

  public Integer getMaxExecutions() {
    return maxExecutions;
  }

  public void setMaxExecutions(Integer maxExecutions) {
    this.maxExecutions = maxExecutions;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AccessGrantSpec other
        && Objects.equals(policy, other.policy)
        && Objects.equals(subject, other.subject)
        && Objects.equals(statement, other.statement)
        && Objects.equals(parameters, other.parameters)
        && Objects.equals(scope, other.scope)
        && Objects.equals(reason, other.reason)
        && Objects.equals(duration, other.duration)
        && Objects.equals(maxExecutions, other.maxExecutions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        policy, subject, statement, parameters, scope, reason, duration, maxExecutions);
  }

  @Override
  public String toString() {
    return "AccessGrantSpec{policy="
        + policy
        + ", subject="
        + subject
        + (statement != null ? ", statement=" + statement : ", scope=" + scope)
        + ", duration="
        + duration
        + ", maxExecutions="
        + maxExecutions
        + "}";
  }
}
