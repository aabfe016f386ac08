package io.dbwarden.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** {@code spec.approvals}: what needs a person's approval, who gives it and for how long. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"rules", "approvers", "ttl", "wait"})
@ValidationRule(
    value =
        "!has(self.rules) || size(self.rules) == 0 || (has(self.approvers) && size(self.approvers) > 0)",
    message = "approval rules need at least one approver")
public class Approvals {

  @Size(max = SchemaLimits.RULES)
  @JsonPropertyDescription("Statements that need an approved AccessGrant.")
  private List<ApprovalRule> rules = new ArrayList<>();

  @Size(max = SchemaLimits.SUBJECTS)
  @JsonPropertyDescription("Who may approve or deny; never the requester of the grant.")
  private List<Subject> approvers = new ArrayList<>();

  @Default("1h")
  @Pattern(PolicyPatterns.DURATION)
  @JsonPropertyDescription("How long a request stays open for a decision, e.g. 1h or 30m.")
  private String ttl = "1h";

  @Default("0s")
  @Pattern(PolicyPatterns.DURATION)
  @JsonPropertyDescription(
      "How long a statement waits for approval before it is refused with the grant's name;"
          + " 0s refuses at once.")
  private String wait = "0s";

  public List<ApprovalRule> getRules() {
    return rules;
  }

  public void setRules(List<ApprovalRule> rules) {
    this.rules = rules;
  }

  public List<Subject> getApprovers() {
    return approvers;
  }

  public void setApprovers(List<Subject> approvers) {
    this.approvers = approvers;
  }

  public String getTtl() {
    return ttl;
  }

  public void setTtl(String ttl) {
    this.ttl = ttl;
  }

  public String getWait() {
    return wait;
  }

  public void setWait(String wait) {
    this.wait = wait;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Approvals other
        && Objects.equals(rules, other.rules)
        && Objects.equals(approvers, other.approvers)
        && Objects.equals(ttl, other.ttl)
        && Objects.equals(wait, other.wait);
  }

  @Override
  public int hashCode() {
    return Objects.hash(rules, approvers, ttl, wait);
  }

  @Override
  public String toString() {
    return "Approvals{rules=" + rules + ", approvers=" + approvers + ", ttl=" + ttl + "}";
  }
}
