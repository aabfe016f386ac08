package io.dbwarden.sidecar.policy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code spec.approvals}, compiled: which statements need a person's approval, who may give it, how
 * long a request stays open and how long a statement waits for the decision.
 *
 * @param rules statements in their scope need approval (after the permissions allow them)
 * @param approvers who may approve or deny; never the requester
 * @param ttl how long a request stays open for a decision
 * @param holdFor how long a statement is held waiting for the decision; zero refuses at once
 */
public record ApprovalPolicy(
    List<GuardrailRule> rules, List<Subject> approvers, Duration ttl, Duration holdFor) {

  /** No approval rules; guardrails with {@code requireApproval} refuse at once. */
  public static final ApprovalPolicy NONE =
      new ApprovalPolicy(List.of(), List.of(), Duration.ofHours(1), Duration.ZERO);

  public ApprovalPolicy {
    rules = List.copyOf(rules);
    approvers = List.copyOf(approvers);
    Objects.requireNonNull(ttl, "ttl must not be null");
    Objects.requireNonNull(holdFor, "holdFor must not be null");
  }
}
