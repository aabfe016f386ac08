package io.dbwarden.kubectl.grants;

import io.dbwarden.api.grant.AccessGrant;
import io.dbwarden.api.grant.AccessGrantSpec;
import io.dbwarden.api.grant.AccessGrantStatus;
import io.dbwarden.api.grant.Decision;
import io.dbwarden.api.grant.GrantPhase;
import io.dbwarden.api.grant.GrantScope;
import io.dbwarden.api.policy.Subject;
import java.util.List;

/** How an AccessGrant's parts read in the plugin's output. */
public final class GrantText {

  private GrantText() {}

  /** {@code User alice@example.com}, {@code Group dba}, {@code ServiceAccount shop/orders}. */
  public static String subject(Subject subject) {
    if (subject == null) {
      return "-";
    }
    return kind(subject) + " " + subject.getName();
  }

  /** A subject's kind as policies spell it. */
  public static String kind(Subject subject) {
    if (subject.getKind() == null) {
      return "?";
    }
    return switch (subject.getKind()) {
      case USER -> "User";
      case GROUP -> "Group";
      case SERVICE_ACCOUNT -> "ServiceAccount";
    };
  }

  /** The statement on one line, or {@code scope: DELETE, UPDATE on public.customers}. */
  public static String request(AccessGrantSpec spec) {
    if (spec.getStatement() != null) {
      return statement(spec);
    }
    return "scope: " + scope(spec.getScope());
  }

  /**
   * The statement on one line with the values bound to its parameters, which the grant is for:
   * {@code DELETE FROM customers WHERE id = $1 with $1 = '42'}.
   */
  public static String statement(AccessGrantSpec spec) {
    List<String> parameters = spec.getParameters() == null ? List.of() : spec.getParameters();
    StringBuilder text = new StringBuilder(oneLine(spec.getStatement()));
    for (int i = 0; i < parameters.size(); i++) {
      text.append(i == 0 ? " with " : ", ")
          .append('$')
          .append(i + 1)
          .append(" = '")
          .append(parameters.get(i).replace("'", "''"))
          .append('\'');
    }
    return text.toString();
  }

  /** {@code DELETE, UPDATE on public.customers}. */
  public static String scope(GrantScope scope) {
    if (scope == null) {
      return "-";
    }
    return String.join(", ", scope.getOperations()) + " on " + String.join(", ", scope.getTables());
  }

  /** How much the grant gives once approved: {@code at most 1 run within 1h of the approval}. */
  public static String allowance(AccessGrantSpec spec) {
    if (spec.getScope() != null) {
      return "any statement in scope within " + spec.getDuration() + " of the approval";
    }
    int runs = spec.getMaxExecutions() == null ? 1 : spec.getMaxExecutions();
    return "at most "
        + runs
        + (runs == 1 ? " run" : " runs")
        + " within "
        + spec.getDuration()
        + " of the approval";
  }

  /** Whitespace runs (newlines included) as one space, for a table cell or a summary line. */
  public static String oneLine(String text) {
    return text == null ? "-" : text.strip().replaceAll("\\s+", " ");
  }

  /** {@code text} cut to {@code max} characters, ending in {@code ...} when cut. */
  public static String shortened(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 3) + "...";
  }

  /**
   * Whether the grant waits for a decision: none is written, and it is Pending or not yet given a
   * phase by the operator. (A decision the operator ignored leaves the grant Pending, but a second
   * decision is refused: it waits for nothing anyone can give.)
   */
  public static boolean pending(AccessGrant grant) {
    AccessGrantStatus status = grant.getStatus();
    return status == null
        || (status.getDecision() == null
            && (status.getPhase() == null || status.getPhase() == GrantPhase.PENDING));
  }

  /** The phase as the API spells it, or {@code Pending (not yet seen by the operator)}. */
  public static String phase(AccessGrant grant) {
    AccessGrantStatus status = grant.getStatus();
    if (status == null || status.getPhase() == null) {
      return "Pending (not yet seen by the operator)";
    }
    return switch (status.getPhase()) {
      case PENDING -> "Pending";
      case APPROVED -> "Approved";
      case DENIED -> "Denied";
      case EXPIRED -> "Expired";
      case EXECUTED -> "Executed";
    };
  }

  /** {@code Approved}, {@code Denied}, or null when no decision was written. */
  public static String decision(AccessGrantStatus status) {
    if (status == null || status.getDecision() == null) {
      return null;
    }
    return status.getDecision() == Decision.APPROVED ? "Approved" : "Denied";
  }

  /**
   * The decision with who took it and when: {@code Approved by bob at 2025-03-01T10:20:00Z}, or
   * {@code Approved, without the webhook's stamp}; null when there is none.
   */
  public static String decidedBy(AccessGrantStatus status) {
    String decision = decision(status);
    if (decision == null) {
      return null;
    }
    if (status.getDecidedBy() == null || status.getDecidedBy().isBlank()) {
      return decision + ", without the admission webhook's decidedBy stamp";
    }
    return decision
        + " by "
        + status.getDecidedBy()
        + (status.getDecidedAt() == null ? "" : " at " + status.getDecidedAt());
  }
}
