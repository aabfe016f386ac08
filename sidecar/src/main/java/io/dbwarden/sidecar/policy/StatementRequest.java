package io.dbwarden.sidecar.policy;

import java.util.Objects;

/**
 * A statement on its way to the database, as the decision step sees it.
 *
 * @param sql the text as the client sent it (a simple-protocol Query may hold several statements)
 * @param protocol how it arrived
 */
public record StatementRequest(String sql, Protocol protocol) {

  public StatementRequest {
    Objects.requireNonNull(sql, "sql must not be null");
    Objects.requireNonNull(protocol, "protocol must not be null");
  }

  /** The protocol path a statement took. */
  public enum Protocol {
    /** A Query message. */
    SIMPLE,
    /** A Parse message; the decision holds for every Execute of the statement. */
    EXTENDED,
    /** A FunctionCall message. */
    FUNCTION_CALL
  }
}
