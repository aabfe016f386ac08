package io.dbwarden.sidecar.proxy;

import io.dbwarden.sidecar.pg.protocol.backend.RowDescription;
import io.dbwarden.sidecar.policy.RowBudget;

/** A portal the client bound: which prepared statement it runs, and its described result shape. */
final class Portal {

  private final PreparedStatement statement;
  private final RowBudget budget;
  private final short[] resultFormats;
  private RowDescription description;
  private RowDescription boundFrom;
  private RowDescription boundDescription;
  private java.util.Map<String, String> parameters;
  private java.util.List<String> boundValues = java.util.List.of();

  /**
   * @param resultFormats the result column formats its Bind asked for
   */
  Portal(PreparedStatement statement, RowBudget budget, short[] resultFormats) {
    this.statement = statement;
    this.budget = budget;
    this.resultFormats = resultFormats;
  }

  /** The row limit's count across every Execute of this portal, or null when unlimited. */
  RowBudget budget() {
    return budget;
  }

  /** Null when the client bound a statement the proxy never saw prepared. */
  PreparedStatement statement() {
    return statement;
  }

  /**
   * The portal's own description if described, else the statement's in the formats the Bind asked
   * for.
   */
  RowDescription description() {
    if (description != null) {
      return description;
    }
    RowDescription described = statement == null ? null : statement.description();
    if (described == null) {
      return null;
    }
    if (boundFrom != described) {
      boundFrom = described;
      boundDescription =
          resultFormats.length > 1 && resultFormats.length != described.fields().size()
              ? described
              : described.withFormats(resultFormats);
    }
    return boundDescription;
  }

  void describedAs(RowDescription description) {
    this.description = description;
  }

  /** The values bound, whole, for a statement whose every Execute is checked; else empty. */
  java.util.List<String> boundValues() {
    return boundValues;
  }

  void boundValues(java.util.List<String> values) {
    this.boundValues = values;
  }

  /** The bound values for the audit record, when the policy includes them; else null. */
  java.util.Map<String, String> parameters() {
    return parameters;
  }

  void parameters(java.util.Map<String, String> values) {
    this.parameters = values;
  }
}
