package io.dbwarden.sidecar.policy;

/**
 * A policy's own guardrail: statements in scope are refused, or held for approval, whoever runs
 * them.
 *
 * @param name the rule's name
 * @param scope which statements
 * @param requireApproval true to ask for approval instead of refusing outright
 */
public record GuardrailRule(String name, RuleScope scope, boolean requireApproval) {}
