package io.dbwarden.sidecar.policy;

import io.dbwarden.sidecar.masking.RowTransformer;
import java.util.Objects;
import java.util.function.Consumer;

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
    return copy(c -> c.rule = deciding);
  }

  public Decision withRowLimit(RowLimit limit, RowBudget running) {
    return copy(
        c -> {
          c.rowLimit = limit;
          c.budget = running;
        });
  }

  public Decision withRows(RowTransformer transformer) {
    return copy(c -> c.rows = transformer);
  }

  public Decision withOutcome(Outcome then) {
    return copy(c -> c.outcome = then);
  }

  public Decision withFacts(StatementFacts learned) {
    return copy(c -> c.facts = learned);
  }

  /**
   * The same decision, sending {@code sql} upstream instead of the client's text. The rewritten
   * text holds the same statements in the same order and takes the same parameters.
   */
  public Decision withRewrite(String sql) {
    return copy(c -> c.rewrite = sql);
  }

  /** The same decision, with a check each Execute of the statement must pass (or none). */
  public Decision withExecuteCheck(ExecuteCheck check) {
    return copy(c -> c.executeCheck = check);
  }

  /** The same decision, concerning this grant. */
  public Decision withGrant(GrantRef concerning) {
    return copy(c -> c.grant = concerning);
  }

  /** This decision with what {@code change} sets: the one place the withers build a copy. */
  private Decision copy(Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return new Decision(
        c.action,
        c.rule,
        c.reason,
        c.rows,
        c.rowLimit,
        c.budget,
        c.outcome,
        c.facts,
        c.rewrite,
        c.executeCheck,
        c.grant);
  }

  /** The components of a decision being copied, to set the ones that change. */
  private static final class Copy {
    Action action;
    String rule;
    String reason;
    RowTransformer rows;
    RowLimit rowLimit;
    RowBudget budget;
    Outcome outcome;
    StatementFacts facts;
    String rewrite;
    ExecuteCheck executeCheck;
    GrantRef grant;

    Copy(Decision d) {
      action = d.action;
      rule = d.rule;
      reason = d.reason;
      rows = d.rows;
      rowLimit = d.rowLimit;
      budget = d.budget;
      outcome = d.outcome;
      facts = d.facts;
      rewrite = d.rewrite;
      executeCheck = d.executeCheck;
      grant = d.grant;
    }
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
