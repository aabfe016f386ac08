package io.dbwarden.sidecar.policy;

import io.dbwarden.sidecar.masking.RowTransformer;
import java.util.Objects;

/**
 * What the proxy does with one statement.
 *
 * @param action allow (forward) or deny (answer with an error, forward nothing)
 * @param rule the rule that decided, for the client's error and the audit record
 * @param reason the human explanation; for a denial, the message the client sees
 * @param rows how result rows are transformed on their way to the client
 */
public record Decision(Action action, String rule, String reason, RowTransformer rows) {

  private static final Decision ALLOW =
      new Decision(Action.ALLOW, null, null, RowTransformer.IDENTITY);

  public Decision {
    Objects.requireNonNull(action, "action must not be null");
    Objects.requireNonNull(rows, "rows must not be null");
    if (action == Action.DENY) {
      Objects.requireNonNull(reason, "reason must not be null for a denial");
    }
  }

  public static Decision allow() {
    return ALLOW;
  }

  public static Decision deny(String rule, String reason) {
    return new Decision(Action.DENY, rule, reason, RowTransformer.IDENTITY);
  }

  public boolean allowed() {
    return action != Action.DENY;
  }

  /** Actions, spelled as in the audit record. */
  public enum Action {
    ALLOW("allow"),
    DENY("deny");

    private final String auditName;

    Action(String auditName) {
      this.auditName = auditName;
    }

    public String auditName() {
      return auditName;
    }
  }
}
