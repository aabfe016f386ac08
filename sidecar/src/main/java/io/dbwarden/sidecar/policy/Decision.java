package io.dbwarden.sidecar.policy;

import io.dbwarden.sidecar.masking.RowTransformer;
import java.util.Objects;

/**
 * What the proxy does with one statement.
 *
 * @param action allow (forward), deny (answer with an error, forward nothing) or approval required
 *     (refused until approved)
 * @param rule the rule that decided, for the client's error and the audit record: for an allowed
 *     statement the permission rule that granted it, or null when it needed none
 * @param reason the human explanation; for a refusal, the message the client sees
 * @param rows how result rows are transformed on their way to the client
 * @param rowLimit the most rows a result may carry, or null
 * @param budget a row budget already running that this statement's results draw from (a FETCH from
 *     a cursor continues its DECLARE's budget), or null for a fresh one per result
 * @param outcome told how the statement ended, for state that depends on it having run
 * @param facts what was learned about the statement, for its audit record; null when nothing was
 *     (the pass-through proxy records the raw text then)
 * @param rewrite the text to send upstream in place of the client's (masking at the source), or
 *     null to send the client's own
 * @param executeCheck for an extended-protocol statement, what each Execute must pass with the
 *     values bound for it (an approval is for values, and each run takes one); null when none
 * @param grant for a statement held for approval, its request; for one allowed by an approval, that
 *     approval; else null
 */
public record Decision(
    Action action,
    String rule,
    String reason,
    RowTransformer rows,
    RowLimit rowLimit,
    RowBudget budget,
    Outcome outcome,
    StatementFacts facts,
    String rewrite,
    ExecuteCheck executeCheck,
    GrantRef grant) {

  private static final Decision ALLOW =
      new Decision(
          Action.ALLOW,
          null,
          null,
          RowTransformer.IDENTITY,
          null,
          null,
          Outcome.IGNORED,
          null,
          null,
          null,
          null);

  public Decision {
    Objects.requireNonNull(action, "action must not be null");
    Objects.requireNonNull(rows, "rows must not be null");
    Objects.requireNonNull(outcome, "outcome must not be null");
    if (action != Action.ALLOW) {
      Objects.requireNonNull(reason, "reason must not be null for a refusal");
    }
  }

  public static Decision allow() {
    return ALLOW;
  }

  public static Decision deny(String rule, String reason) {
    return new Decision(
        Action.DENY,
        rule,
        reason,
        RowTransformer.IDENTITY,
        null,
        null,
        Outcome.IGNORED,
        null,
        null,
        null,
        null);
  }

  /** Refused until a person approves it: the client gets {@code reason}, as for a denial. */
  public static Decision requireApproval(String rule, String reason) {
    return new Decision(
        Action.APPROVAL_REQUIRED,
        rule,
        reason,
        RowTransformer.IDENTITY,
        null,
        null,
        Outcome.IGNORED,
        null,
        null,
        null,
        null);
  }

  public boolean allowed() {
    return action == Action.ALLOW;
  }

  /** The same decision, naming the rule that made it. */
  public Decision withRule(String deciding) {
    return new Decision(
        action,
        deciding,
        reason,
        rows,
        rowLimit,
        budget,
        outcome,
        facts,
        rewrite,
        executeCheck,
        grant);
  }

  public Decision withRowLimit(RowLimit limit, RowBudget running) {
    return new Decision(
        action, rule, reason, rows, limit, running, outcome, facts, rewrite, executeCheck, grant);
  }

  public Decision withRows(RowTransformer transformer) {
    return new Decision(
        action,
        rule,
        reason,
        transformer,
        rowLimit,
        budget,
        outcome,
        facts,
        rewrite,
        executeCheck,
        grant);
  }

  public Decision withOutcome(Outcome then) {
    return new Decision(
        action, rule, reason, rows, rowLimit, budget, then, facts, rewrite, executeCheck, grant);
  }

  public Decision withFacts(StatementFacts learned) {
    return new Decision(
        action,
        rule,
        reason,
        rows,
        rowLimit,
        budget,
        outcome,
        learned,
        rewrite,
        executeCheck,
        grant);
  }

  /**
   * The same decision, sending {@code sql} upstream instead of the client's text. The rewritten
   * text holds the same statements in the same order and takes the same parameters.
   */
  public Decision withRewrite(String sql) {
    return new Decision(
        action, rule, reason, rows, rowLimit, budget, outcome, facts, sql, executeCheck, grant);
  }

  /** The same decision, with a check each Execute of the statement must pass (or none). */
  public Decision withExecuteCheck(ExecuteCheck check) {
    return new Decision(
        action, rule, reason, rows, rowLimit, budget, outcome, facts, rewrite, check, grant);
  }

  /** The same decision, concerning this grant. */
  public Decision withGrant(GrantRef concerning) {
    return new Decision(
        action,
        rule,
        reason,
        rows,
        rowLimit,
        budget,
        outcome,
        facts,
        rewrite,
        executeCheck,
        concerning);
  }

  /** The budget a new result of this statement draws from, or null when unlimited. */
  public RowBudget budgetForResult() {
    if (budget != null) {
      return budget;
    }
    return rowLimit == null ? null : rowLimit.newBudget();
  }

  /** Told how a statement run ended. */
  @FunctionalInterface
  public interface Outcome {
    Outcome IGNORED = (sqlState, rows) -> {};

    /**
     * @param sqlState null when the statement succeeded, else the error's SQLSTATE
     * @param rows the rows its statements returned or affected
     */
    void ended(String sqlState, long rows);

    /** This outcome, then {@code next}. */
    default Outcome andThen(Outcome next) {
      if (this == IGNORED) {
        return next;
      }
      return (sqlState, rows) -> {
        ended(sqlState, rows);
        next.ended(sqlState, rows);
      };
    }
  }

  /** Actions, spelled as in the audit record. */
  public enum Action {
    ALLOW("allow"),
    DENY("deny"),
    APPROVAL_REQUIRED("approval_required");

    private final String auditName;

    Action(String auditName) {
      this.auditName = auditName;
    }

    public String auditName() {
      return auditName;
    }
  }
}
