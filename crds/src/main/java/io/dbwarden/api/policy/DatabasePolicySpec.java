package io.dbwarden.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link DatabasePolicy} asks for: who may do what, what is masked, what is blocked and what
 * needs approval. Every section is optional and starts out with its defaults.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "selector",
  "engine",
  "defaultAction",
  "rules",
  "masking",
  "guardrails",
  "approvals",
  "failOpen",
  "audit"
})
public class DatabasePolicySpec {

  @JsonPropertyDescription("The injected workloads and gateways (by pod labels) that enforce it.")
  private LabelSelector selector;

  @PrinterColumn(name = "Engine", priority = 1)
  @Default("postgres")
  @JsonPropertyDescription("postgres or mysql.")
  private Engine engine = Engine.POSTGRES;

  @PrinterColumn(name = "Default", priority = 1)
  @Default("deny")
  @JsonPropertyDescription("allow or deny, for statements no rule allows.")
  private Action defaultAction = Action.DENY;

  @Size(max = SchemaLimits.RULES)
  @JsonPropertyDescription("Identity-based permissions.")
  private List<PermissionRule> rules = new ArrayList<>();

  @JsonPropertyDescription("Which column values clients see masked.")
  private Masking masking = new Masking();

  @JsonPropertyDescription("Statements blocked, or held for approval, whoever runs them.")
  private Guardrails guardrails = new Guardrails();

  @JsonPropertyDescription("What needs a person's approval, who gives it, and for how long.")
  private Approvals approvals = new Approvals();

  @JsonPropertyDescription(
      "Statements that cannot be judged with certainty are refused unless switched on here.")
  private FailOpen failOpen = new FailOpen();

  @JsonPropertyDescription("What audit records hold, and what an audit failure does to traffic.")
  private AuditSettings audit = new AuditSettings();

  public LabelSelector getSelector() {
    return selector;
  }

  public void setSelector(LabelSelector selector) {
    this.selector = selector;
  }

  public Engine getEngine() {
    return engine;
  }

  public void setEngine(Engine engine) {
    this.engine = engine;
  }

  public Action getDefaultAction() {
    return defaultAction;
  }

  public void setDefaultAction(Action defaultAction) {
    this.defaultAction = defaultAction;
  }

  public List<PermissionRule> getRules() {
    return rules;
  }

  public void setRules(List<PermissionRule> rules) {
    this.rules = rules;
  }

  public Masking getMasking() {
    return masking;
  }

  public void setMasking(Masking masking) {
    this.masking = masking;
  }

  public Guardrails getGuardrails() {
    return guardrails;
  }

  public void setGuardrails(Guardrails guardrails) {
    this.guardrails = guardrails;
  }

  public Approvals getApprovals() {
    return approvals;
  }

  public void setApprovals(Approvals approvals) {
    this.approvals = approvals;
  }

  public FailOpen getFailOpen() {
    return failOpen;
  }

  public void setFailOpen(FailOpen failOpen) {
    this.failOpen = failOpen;
  }

  public AuditSettings getAudit() {
    return audit;
  }

  public void setAudit(AuditSettings audit) {
    this.audit = audit;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DatabasePolicySpec other
        && Objects.equals(selector, other.selector)
        && engine == other.engine
        && defaultAction == other.defaultAction
        && Objects.equals(rules, other.rules)
        && Objects.equals(masking, other.masking)
        && Objects.equals(guardrails, other.guardrails)
        && Objects.equals(approvals, other.approvals)
        && Objects.equals(failOpen, other.failOpen)
        && Objects.equals(audit, other.audit);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        selector, engine, defaultAction, rules, masking, guardrails, approvals, failOpen, audit);
  }

  @Override
  public String toString() {
    return "DatabasePolicySpec{engine="
        + engine
        + ", defaultAction="
        + defaultAction
        + ", rules="
        + rules
        + ", masking="
        + masking
        + ", guardrails="
        + guardrails
        + ", approvals="
        + approvals
        + ", failOpen="
        + failOpen
        + ", audit="
        + audit
        + "}";
  }
}
