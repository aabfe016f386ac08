package io.dbwarden.kubectl.explain;

import io.dbwarden.api.policy.DatabasePolicy;
import io.dbwarden.api.policy.PolicyVersion;
import io.dbwarden.sidecar.policy.ApprovalPolicy;
import io.dbwarden.sidecar.policy.CompiledPolicy;
import io.dbwarden.sidecar.policy.Decision;
import io.dbwarden.sidecar.policy.Explanation;
import io.dbwarden.sidecar.policy.RowLimit;
import io.dbwarden.sidecar.policy.Subject;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** A judged statement as people read it: each step on a line, then the decision. */
final class ExplainText {

  private ExplainText() {}

  static void print(Judged judged, PrintWriter out) {
    out.println("identity:     " + Identities.describe(judged.identity()));
    for (DatabasePolicy policy : judged.policies()) {
      out.println(
          "policy:       "
              + judged.namespace()
              + "/"
              + policy.getMetadata().getName()
              + " (version "
              + PolicyVersion.of(policy.getSpec())
              + ")");
    }
    List<Explanation.StatementSteps> statements = judged.explanation().statements();
    if (statements.isEmpty()) {
      out.println();
      out.println("The query could not be split into statements.");
    }
    for (int i = 0; i < statements.size(); i++) {
      Explanation.StatementSteps statement = statements.get(i);
      out.println();
      out.println(
          (statements.size() == 1 ? "statement:    " : "statement " + (i + 1) + ":  ")
              + statement.text());
      if (statement.operation() == null) {
        out.println("  analysis:     could not be parsed (see the decision)");
        continue;
      }
      out.println("  operation:    " + statement.operation());
      out.println("  reads:        " + list(statement.tablesRead()));
      out.println("  writes:       " + list(statement.tablesWritten()));
      boolean several = statement.policies().size() > 1;
      for (Explanation.PolicySteps steps : statement.policies()) {
        String indent = several ? "    " : "  ";
        if (several) {
          out.println("  under policy " + steps.policy().name() + ":");
        }
        steps(judged, statement, steps, indent, out);
      }
    }
    out.println();
    decision(judged, out);
    out.flush();
  }

  private static void steps(
      Judged judged,
      Explanation.StatementSteps statement,
      Explanation.PolicySteps steps,
      String indent,
      PrintWriter out) {
    CompiledPolicy policy = steps.policy();
    out.println(
        indent
            + "analysis:     "
            + (steps.cannotJudge() == null
                ? "understood"
                : "cannot be judged: " + refusal(steps.cannotJudge())));
    out.println(indent + "guardrails:   " + guardrail(policy, steps.guardrail()));
    out.println(indent + "permissions:  " + permission(policy, steps.permission()));
    out.println(indent + "approval:     " + approval(policy, steps.approval()));
    out.println(
        indent + "masking:      " + masking(judged.masking(policy, statement.columnsRead())));
    RowLimit limit = steps.permission() == null ? null : steps.permission().rowLimit();
    out.println(indent + "row limit:    " + rowLimit(limit));
  }

  private static void decision(Judged judged, PrintWriter out) {
    Decision decision = judged.decision();
    out.println(
        "decision:     "
            + decision.action().auditName()
            + (decision.rule() == null ? "" : " (rule \"" + decision.rule() + "\")"));
    if (decision.allowed()) {
      if (decision.rowLimit() != null) {
        out.println("  at most " + rowLimit(decision.rowLimit()) + " per result");
      }
      if (decision.rewrite() != null) {
        out.println("  sent to the database as: " + decision.rewrite());
      }
      return;
    }
    out.println("  " + judged.reason());
    CompiledPolicy holding = judged.holdingPolicy();
    if (decision.action() == Decision.Action.APPROVAL_REQUIRED && holding != null) {
      out.println(
          "  it runs under an approved AccessGrant for this statement and identity naming policy "
              + holding.name()
              + "; approvers: "
              + approvers(holding.approvals()));
    }
  }

  private static String guardrail(CompiledPolicy policy, Decision step) {
    if (step == null) {
      return "none applies (preset "
          + policy.preset().name().toLowerCase(Locale.ROOT)
          + (policy.guardrails().isEmpty()
              ? ""
              : ", and " + count(policy.guardrails().size(), "rule") + " of the policy's own")
          + ")";
    }
    if (step.action() == Decision.Action.APPROVAL_REQUIRED) {
      return "holds it for approval: rule \"" + step.rule() + "\"";
    }
    return "blocks it: " + refusal(step);
  }

  private static String permission(CompiledPolicy policy, Decision step) {
    if (step == null) {
      return "none needed (it reads and writes no table: BEGIN, SET, SHOW and the like)";
    }
    if (step.allowed()) {
      if ("default".equals(step.rule())) {
        return "allowed by the default action (allow): no rule of the policy is about it";
      }
      List<String> rules = List.of(step.rule().split(","));
      return "allowed by "
          + (rules.size() == 1 ? "rule " : "rules ")
          + rules.stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(", "));
    }
    return "denied: " + refusal(step);
  }

  private static String approval(CompiledPolicy policy, Decision step) {
    ApprovalPolicy approvals = policy.approvals();
    if (step == null) {
      return approvals.rules().isEmpty()
          ? "not required (the policy has no approval rules)"
          : "not required (no approval rule matches)";
    }
    return "required by rule \""
        + step.rule()
        + "\"; approvers: "
        + approvers(approvals)
        + "; a request stays open "
        + duration(approvals.ttl());
  }

  private static String masking(Judged.Masking masking) {
    if (!masking.enabled()) {
      return "off";
    }
    if (masking.exempt()) {
      return "exempt (masking.exempt): sees clear values";
    }
    if (masking.columns().isEmpty()) {
      return masking.automatic()
          ? "reads no listed column; automatic classification runs on the database's columns"
          : "reads no masked column";
    }
    String listed =
        masking.columns().entrySet().stream()
            .map(e -> e.getKey() + " (" + e.getValue() + ")")
            .collect(Collectors.joining(", "));
    return "masks "
        + listed
        + (masking.automatic()
            ? "; automatic classification also runs on the database's columns"
            : "");
  }

  static String rowLimit(RowLimit limit) {
    return limit == null
        ? "none"
        : limit.rows()
            + (limit.rows() == 1 ? " row" : " rows")
            + " (rule \""
            + limit.rule()
            + "\")";
  }

  static String approvers(ApprovalPolicy approvals) {
    if (approvals.approvers().isEmpty()) {
      return "none (nobody can approve)";
    }
    return approvals.approvers().stream()
        .map(ExplainText::subject)
        .collect(Collectors.joining(", "));
  }

  private static String subject(Subject subject) {
    String kind =
        switch (subject.kind()) {
          case USER -> "User";
          case GROUP -> "Group";
          case SERVICE_ACCOUNT -> "ServiceAccount";
        };
    return kind + " " + subject.name();
  }

  /** A refusal's rule and message, without the {@code dbwarden:} the client's error starts with. */
  private static String refusal(Decision step) {
    String reason = step.reason().replaceFirst("^dbwarden: ", "");
    return "rule \"" + step.rule() + "\": " + reason;
  }

  static String duration(Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }

  private static String list(List<String> names) {
    return names.isEmpty() ? "-" : String.join(", ", names);
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
