package io.dbwarden.kubectl.explain;

import io.dbwarden.api.audit.AuditEvent;
import io.dbwarden.api.policy.DatabasePolicy;
import io.dbwarden.sidecar.identity.Identity;
import io.dbwarden.sidecar.policy.Decision;
import io.dbwarden.sidecar.policy.PolicyCompiler;
import io.dbwarden.sidecar.policy.PolicySet;
import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;

/**
 * An audit record's decision explained: who ran what, what the proxy decided and why, what came of
 * it; with the policies of today, how they judge the same statement now, and whether that differs.
 */
final class AuditReport {

  private AuditReport() {}

  /**
   * @param policies the policies to judge the statement under again, or empty not to
   * @param namespace where they live
   */
  static void print(
      AuditEvent event, List<DatabasePolicy> policies, String namespace, PrintWriter out) {
    out.println(
        "audit record "
            + event.ts()
            + " ("
            + event.type()
            + " "
            + event.event()
            + ", session "
            + event.session()
            + ")");
    Identity identity = identity(event.identity());
    if (identity != null) {
      out.println("  identity:     " + Identities.describe(identity));
    }
    if (event.database() != null) {
      out.println("  database:     " + event.database());
    }
    if (event.approval() != null) {
      AuditEvent.ApprovalInfo approval = event.approval();
      out.println(
          "  approval:     grant "
              + approval.grant()
              + " (rule \""
              + approval.rule()
              + "\")"
              + (approval.decision() == null ? "" : ": " + approval.decision())
              + (approval.decidedBy() == null ? "" : " by " + approval.decidedBy()));
    }
    AuditEvent.StatementInfo statement = event.statement();
    if (statement == null || event.decision() == null) {
      out.println("  (no statement was judged in this record)");
      out.flush();
      return;
    }
    out.println("  statement:    " + statement.text());
    out.println("  operation:    " + statement.operation());
    out.println("  reads:        " + list(statement.tablesRead()));
    out.println("  writes:       " + list(statement.tablesWritten()));
    AuditEvent.DecisionInfo decision = event.decision();
    out.println(
        "  decision:     "
            + decision.action()
            + (decision.rule() == null ? "" : " (rule \"" + decision.rule() + "\")"));
    if (decision.reason() != null) {
      out.println("    " + decision.reason());
    }
    if (event.result() != null) {
      out.println("  result:       " + result(event.result(), decision.reason()));
    }
    out.println("  policy:       version " + event.policyVersion());
    if (!policies.isEmpty()) {
      again(event, identity, policies, namespace, out);
    }
    out.flush();
  }

  /** The statement judged again under today's policies, compared with the record. */
  private static void again(
      AuditEvent event,
      Identity identity,
      List<DatabasePolicy> policies,
      String namespace,
      PrintWriter out) {
    String today = new PolicySet(policies.stream().map(PolicyCompiler::compile).toList()).version();
    out.println();
    out.println(
        Objects.equals(today, event.policyVersion())
            ? "today: the same policy version judges it again"
            : "today: the policy is at version "
                + today
                + ", not "
                + event.policyVersion()
                + "; judged again under it:");
    if (identity == null) {
      out.println("  (the record names no identity to judge it for)");
      return;
    }
    out.println();
    // The record keeps the text with its literals redacted: placeholders judge as values do.
    Judged judged = Judged.judge(identity, policies, namespace, event.statement().text());
    ExplainText.print(judged, out);
    Decision now = judged.decision();
    // "mask" is recorded for a statement allowed whose values were then masked.
    String recorded =
        "mask".equals(event.decision().action()) ? "allow" : event.decision().action();
    boolean same =
        now.action().auditName().equals(recorded)
            && Objects.equals(now.rule(), event.decision().rule());
    out.println();
    out.println(
        same
            ? "so: decided the same way today"
            : "so: decided differently today: "
                + now.action().auditName()
                + (now.rule() == null ? "" : " (rule \"" + now.rule() + "\")")
                + " where the record says "
                + event.decision().action()
                + (event.decision().rule() == null
                    ? ""
                    : " (rule \"" + event.decision().rule() + "\")"));
  }

  /** The identity a record names, or null when it names none (or one no policy can name). */
  static Identity identity(AuditEvent.IdentityInfo info) {
    if (info == null || info.kind() == null || info.name() == null) {
      return null;
    }
    Identity.Kind kind =
        switch (info.kind()) {
          case "User" -> Identity.Kind.User;
          case "ServiceAccount" -> Identity.Kind.ServiceAccount;
          default -> null;
        };
    return kind == null
        ? null
        : new Identity(
            kind,
            info.name(),
            info.groups() == null ? List.of() : info.groups(),
            info.actor(),
            Identity.Method.PASSTHROUGH);
  }

  /**
   * @param refusal the decision's reason, which a refused statement's error repeats
   */
  private static String result(AuditEvent.ResultInfo result, String refusal) {
    StringBuilder text = new StringBuilder();
    if (result.sqlstate() != null) {
      text.append("failed with SQLSTATE ").append(result.sqlstate());
      if (result.error() != null) {
        text.append(
            result.error().equals(refusal) ? " (the refusal above)" : ": " + result.error());
      }
    } else {
      text.append(result.rows() == null ? "?" : result.rows()).append(" rows");
    }
    if (result.maskedValues() != null && result.maskedValues() > 0) {
      text.append(", ").append(result.maskedValues()).append(" values masked");
      if (result.maskedColumns() != null && !result.maskedColumns().isEmpty()) {
        text.append(" (").append(String.join(", ", result.maskedColumns())).append(")");
      }
    }
    return text.toString();
  }

  private static String list(List<String> names) {
    return names == null || names.isEmpty() ? "-" : String.join(", ", names);
  }
}
