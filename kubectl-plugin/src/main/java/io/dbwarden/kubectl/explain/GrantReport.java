package io.dbwarden.kubectl.explain;

import io.dbwarden.api.grant.AccessGrant;
import io.dbwarden.api.grant.AccessGrantSpec;
import io.dbwarden.api.grant.AccessGrantStatus;
import io.dbwarden.api.grant.Execution;
import io.dbwarden.api.grant.GrantPhase;
import io.dbwarden.api.policy.ApprovalRule;
import io.dbwarden.api.policy.DatabasePolicy;
import io.dbwarden.api.policy.Subject;
import io.dbwarden.api.policy.validation.PolicyProblem;
import io.dbwarden.kubectl.grants.GrantText;
import io.dbwarden.kubectl.grants.Table;
import io.dbwarden.kubectl.grants.Times;
import io.dbwarden.sidecar.policy.Decision;
import io.fabric8.kubernetes.api.model.Condition;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An AccessGrant explained: what it asks for, where it stands and why (its conditions, e.g. a
 * decision the operator ignored), and why its statement needs an approval under its policy.
 *
 * @param grant the grant
 * @param policy its policy, or null when it does not exist
 * @param problems what is wrong with the policy, if anything
 * @param judged the grant's statement judged under the policy for the grant's subject; null for a
 *     scope grant, or when there is no valid policy
 * @param groupsGiven whether groups were given with {@code --group}
 */
record GrantReport(
    AccessGrant grant,
    DatabasePolicy policy,
    List<PolicyProblem> problems,
    Judged judged,
    boolean groupsGiven) {

  void print(Instant now, PrintWriter out) {
    AccessGrantSpec spec = grant.getSpec();
    String namespace = grant.getMetadata().getNamespace();
    out.println("AccessGrant " + grant.getMetadata().getName() + " in namespace " + namespace);
    out.println("  subject:      " + GrantText.subject(spec.getSubject()));
    out.println("  policy:       " + spec.getPolicy());
    if (spec.getStatement() != null) {
      out.println("  statement:    " + GrantText.statement(spec));
    } else {
      out.println("  scope:        " + GrantText.scope(spec.getScope()));
    }
    out.println("  reason:       " + (spec.getReason() == null ? "-" : spec.getReason()));
    out.println("  allows:       " + GrantText.allowance(spec));
    out.println(
        "  requested:    " + Times.withRelative(grant.getMetadata().getCreationTimestamp(), now));
    out.println();
    status(spec, now, out);
    out.println();
    why(spec, out);
    out.flush();
  }

  private void status(AccessGrantSpec spec, Instant now, PrintWriter out) {
    AccessGrantStatus status = grant.getStatus();
    out.println("status");
    out.println("  phase:        " + GrantText.phase(grant));
    String decided = GrantText.decidedBy(status);
    out.println("  decision:     " + (decided == null ? "none yet" : decided));
    if (status != null && status.getExpiresAt() != null) {
      out.println(
          "  expires:      "
              + Times.withRelative(status.getExpiresAt(), now)
              + expiryMeaning(status.getPhase()));
    }
    List<Condition> conditions = status == null ? List.of() : status.getConditions();
    if (conditions == null || conditions.isEmpty()) {
      out.println("  conditions:   none yet (the operator has not reconciled the grant)");
    } else {
      out.println("  conditions:");
      Table table = new Table(List.of("    TYPE", "STATUS", "REASON", "MESSAGE"));
      for (Condition condition : conditions) {
        table.add(
            List.of(
                "    " + condition.getType(),
                String.valueOf(condition.getStatus()),
                String.valueOf(condition.getReason()),
                condition.getMessage() == null ? "" : condition.getMessage()));
      }
      table.print(out);
    }
    List<Execution> executions = status == null ? List.of() : status.getExecutions();
    int allowed = spec.getMaxExecutions() == null ? 1 : spec.getMaxExecutions();
    int used = executions == null ? 0 : executions.size();
    // A scope allows any number of statements; its status keeps the most recent.
    String of = spec.getScope() != null ? " (the most recent)" : " of " + allowed;
    out.println("  executions:   " + used + of + (used == 0 ? "" : ":"));
    if (used > 0) {
      for (Execution execution : executions) {
        out.println(
            "    "
                + execution.getAt()
                + "  pod "
                + execution.getPod()
                + "  rows "
                + execution.getRows()
                + (execution.getSqlstate() == null
                    ? ""
                    : "  failed with SQLSTATE " + execution.getSqlstate()));
      }
    }
  }

  private static String expiryMeaning(GrantPhase phase) {
    if (phase == null || phase == GrantPhase.PENDING) {
      return ": the deadline for a decision";
    }
    if (phase == GrantPhase.APPROVED) {
      return ": the end of the approval";
    }
    return "";
  }

  private void why(AccessGrantSpec spec, PrintWriter out) {
    String namespace = grant.getMetadata().getNamespace();
    if (policy == null) {
      out.println(
          "why: DatabasePolicy "
              + namespace
              + "/"
              + spec.getPolicy()
              + " does not exist, so nobody may decide this grant and no sidecar uses it");
      return;
    }
    if (!problems.isEmpty()) {
      out.println(
          "why: DatabasePolicy "
              + namespace
              + "/"
              + spec.getPolicy()
              + " is not valid, so its statement cannot be judged under it:");
      problems.forEach(p -> out.println("  " + p));
      return;
    }
    if (judged == null) {
      out.println(
          "why: a scope grant lets its subject run its operations on its tables for its"
              + " duration: it answers approval rules and lifts the default action, never a rule"
              + " with action deny; the approval rules of policy "
              + spec.getPolicy()
              + ":");
      List<ApprovalRule> rules =
          policy.getSpec().getApprovals() == null
              ? List.of()
              : policy.getSpec().getApprovals().getRules();
      if (rules.isEmpty()) {
        out.println("  (no approval rules: only guardrails with action requireApproval)");
      }
      for (ApprovalRule rule : rules) {
        out.println(
            "  rule \""
                + rule.getName()
                + "\": "
                + join(rule.getOperations())
                + " on "
                + join(rule.getTables()));
      }
      out.println("  approvers: " + approvers());
      return;
    }
    out.println(
        "why: the statement judged under policy "
            + spec.getPolicy()
            + (groupsGiven || spec.getSubject().getKind() != io.dbwarden.api.policy.SubjectKind.USER
                ? ""
                : " (the cluster does not know the user's groups: give them with --group"
                    + " to judge rules that name groups)"));
    out.println();
    ExplainText.print(judged, out);
    out.println();
    out.println(conclusion());
  }

  /** What the judgement means for the grant, in one line. */
  String conclusion() {
    if (judged == null) {
      return null;
    }
    Decision decision = judged.decision();
    String who = GrantText.subject(grant.getSpec().getSubject());
    return switch (decision.action()) {
      case APPROVAL_REQUIRED ->
          "so: the policy holds this statement for approval (rule \""
              + decision.rule()
              + "\"); "
              + who
              + " runs it only under an approved grant such as this one";
      case ALLOW ->
          "so: the policy allows this statement for "
              + who
              + " without approval; the grant is not needed";
      case DENY ->
          "so: the policy refuses this statement (rule \""
              + decision.rule()
              + "\") whatever a grant says; an approval cannot give more than the permissions and"
              + " guardrails do";
    };
  }

  private String approvers() {
    List<Subject> approvers =
        policy.getSpec().getApprovals() == null
            ? List.of()
            : policy.getSpec().getApprovals().getApprovers();
    return approvers.isEmpty()
        ? "none (nobody can approve)"
        : approvers.stream().map(GrantText::subject).collect(Collectors.joining(", "));
  }

  private static String join(List<String> values) {
    return values == null || values.isEmpty() ? "*" : String.join(", ", values);
  }
}
