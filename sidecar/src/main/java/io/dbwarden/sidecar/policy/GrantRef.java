package io.dbwarden.sidecar.policy;

/**
 * The grant a decision concerns: the approval request a held statement made, or the approval an
 * allowed one runs under. Named in the statement's approval audit events.
 *
 * @param name the grant's name
 * @param rule the rule that asks for approval
 * @param decidedBy who approved it ({@code User:carol}), or null while undecided
 */
public record GrantRef(String name, String rule, String decidedBy) {}
