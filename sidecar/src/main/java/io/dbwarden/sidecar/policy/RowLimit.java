package io.dbwarden.sidecar.policy;

/**
 * The most rows one result may carry to the client, and the rule that set the limit. Rows past the
 * limit are dropped, the completion tag counts only the rows delivered, and a notice tells the
 * client the result was cut short.
 *
 * @param rows the limit, at least 1
 * @param rule the rule whose {@code maxRows} it is
 */
public record RowLimit(long rows, String rule) {

  public RowLimit {
    if (rows < 1) {
      throw new IllegalArgumentException("a row limit must be at least 1: " + rows);
    }
  }

  /** A fresh count against this limit: one per result, portal or cursor. */
  public RowBudget newBudget() {
    return new RowBudget(this);
  }

  /** The stricter of two limits; either may be null (no limit). */
  public static RowLimit stricter(RowLimit a, RowLimit b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return b.rows < a.rows ? b : a;
  }
}
