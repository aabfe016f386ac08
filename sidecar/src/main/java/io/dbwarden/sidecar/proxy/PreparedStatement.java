package io.dbwarden.sidecar.proxy;

import io.dbwarden.sidecar.pg.protocol.backend.RowDescription;
import io.dbwarden.sidecar.policy.Decision;

/**
 * A statement the client prepared with Parse, and the decision taken on it then: every Execute of
 * it is enforced and audited under that decision.
 */
final class PreparedStatement {

  private final String sql;
  private final Decision decision;
  private RowDescription description;

  PreparedStatement(String sql, Decision decision) {
    this.sql = sql;
    this.decision = decision;
  }

  String sql() {
    return sql;
  }

  Decision decision() {
    return decision;
  }

  /** The result shape the server reported for this statement, once described; else null. */
  RowDescription description() {
    return description;
  }

  void describedAs(RowDescription description) {
    this.description = description;
  }
}
