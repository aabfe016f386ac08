package io.dbwarden.sidecar.proxy;

import io.dbwarden.sidecar.pg.protocol.backend.RowDescription;
import io.dbwarden.sidecar.policy.RowBudget;

/** A portal the client bound: which prepared statement it runs, and its described result shape. */
final class Portal {

  private final PreparedStatement statement;
  private final RowBudget budget;
  private RowDescription description;
  private java.util.Map<String, String> parameters;

  Portal(PreparedStatement statement, RowBudget budget) {
    this.statement = statement;
    this.budget = budget;
  }

  /** The row limit's count across every Execute of this portal, or null when unlimited. */
  RowBudget budget() {
    return budget;
  }

  /** Null when the client bound a statement the proxy never saw prepared. */
  PreparedStatement statement() {
    return statement;
  }

  /** The portal's own description if described, else the statement's. */
  RowDescription description() {
    if (description != null) {
      return description;
    }
    return statement == null ? null : statement.description();
  }

  void describedAs(RowDescription description) {
    this.description = description;
  }

  /** The bound values for the audit record, when the policy includes them; else null. */
  java.util.Map<String, String> parameters() {
    return parameters;
  }

  void parameters(java.util.Map<String, String> values) {
    this.parameters = values;
  }
}
