package io.dbwarden.sidecar.policy;

import io.dbwarden.api.policy.AuditMode;
import io.dbwarden.api.policy.GuardrailPreset;
import java.util.List;
import java.util.Objects;

/**
 * A policy in the form the decision step evaluates: rules with compiled patterns.
 *
 * @param name the policy's name, for messages
 * @param version its content hash, recorded on every audit event
 * @param defaultAllow what happens to a statement no rule allows or denies
 * @param rules permissions
 * @param preset built-in guardrails
 * @param guardrails the policy's own guardrails, checked after the built-in ones
 * @param failOpen statements that cannot be judged but are let through anyway
 * @param masking which columns are masked, and for whom
 * @param auditParameters true when audit records carry literal and bind values ({@code
 *     spec.audit.parameters: include}); by default they are redacted
 * @param auditMode what a failing audit sink does to traffic ({@code spec.audit.mode})
 */
public record CompiledPolicy(
    String name,
    String version,
    boolean defaultAllow,
    List<PermissionRule> rules,
    GuardrailPreset preset,
    List<GuardrailRule> guardrails,
    FailOpen failOpen,
    MaskingRules masking,
    boolean auditParameters,
    AuditMode auditMode,
    ApprovalPolicy approvals) {

  /** A policy without masking, with the default audit settings: parameters redacted, strict. */
  public CompiledPolicy(
      String name,
      String version,
      boolean defaultAllow,
      List<PermissionRule> rules,
      GuardrailPreset preset,
      List<GuardrailRule> guardrails,
      FailOpen failOpen) {
    this(
        name,
        version,
        defaultAllow,
        rules,
        preset,
        guardrails,
        failOpen,
        MaskingRules.OFF,
        false,
        AuditMode.STRICT,
        ApprovalPolicy.NONE);
  }

  public CompiledPolicy {
    Objects.requireNonNull(masking, "masking must not be null");
    Objects.requireNonNull(name, "name must not be null");
    Objects.requireNonNull(auditMode, "auditMode must not be null");
    Objects.requireNonNull(preset, "preset must not be null");
    Objects.requireNonNull(failOpen, "failOpen must not be null");
    Objects.requireNonNull(approvals, "approvals must not be null");
    rules = List.copyOf(rules);
    guardrails = List.copyOf(guardrails);
  }
}
