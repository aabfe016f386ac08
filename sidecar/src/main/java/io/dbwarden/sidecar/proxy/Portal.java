package io.dbwarden.sidecar.proxy;

import io.dbwarden.sidecar.pg.protocol.backend.RowDescription;

/** A portal the client bound: which prepared statement it runs, and its described result shape. */
final class Portal {

  private final PreparedStatement statement;
  private RowDescription description;

  Portal(PreparedStatement statement) {
    this.statement = statement;
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
}
