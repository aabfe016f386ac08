package io.dbwarden.sidecar.policy;

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
 */
public record CompiledPolicy(
    String name,
    String version,
    boolean defaultAllow,
    List<PermissionRule> rules,
    GuardrailPreset preset,
    List<GuardrailRule> guardrails,
    FailOpen failOpen,
    MaskingRules masking) {

  /** A policy without masking. */
  public CompiledPolicy(
      String name,
      String version,
      boolean defaultAllow,
      List<PermissionRule> rules,
      GuardrailPreset preset,
      List<GuardrailRule> guardrails,
      FailOpen failOpen) {
    this(name, version, defaultAllow, rules, preset, guardrails, failOpen, MaskingRules.OFF);
  }

  public CompiledPolicy {
    Objects.requireNonNull(masking, "masking must not be null");
    Objects.requireNonNull(name, "name must not be null");
    Objects.requireNonNull(preset, "preset must not be null");
    Objects.requireNonNull(failOpen, "failOpen must not be null");
    rules = List.copyOf(rules);
    guardrails = List.copyOf(guardrails);
  }
}
