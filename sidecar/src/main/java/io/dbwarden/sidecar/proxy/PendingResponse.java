package io.dbwarden.sidecar.proxy;

import io.dbwarden.sidecar.pg.protocol.backend.ErrorResponse;

/**
 * What the client is owed, in order: the response to one request forwarded to the database. A
 * refused statement is forwarded too, as a substitute that fails, so refusals keep their place in
 * the order without the proxy answering anything itself.
 */
final class PendingResponse {

  /** The request a response belongs to. */
  enum Kind {
    /** A Query; ends with ReadyForQuery. */
    QUERY,
    /** A FunctionCall; ends with ReadyForQuery. */
    FUNCTION_CALL,
    PARSE,
    BIND,
    DESCRIBE,
    EXECUTE,
    CLOSE,
    /** A Sync; ends with ReadyForQuery. */
    SYNC,
    /**
     * A statement the server skips to Sync (an earlier message of its pipeline failed): nothing was
     * sent and no response comes; it ends with the Sync's ReadyForQuery.
     */
    SKIPPED
  }

  private final Kind kind;
  private final Execution execution;
  private final Object describeTarget;
  private final ErrorResponse refusal;

  private PendingResponse(
      Kind kind, Execution execution, Object describeTarget, ErrorResponse refusal) {
    this.kind = kind;
    this.execution = execution;
    this.describeTarget = describeTarget;
    this.refusal = refusal;
  }

  static PendingResponse of(Kind kind) {
    return new PendingResponse(kind, null, null, null);
  }

  static PendingResponse execution(Kind kind, Execution execution) {
    return new PendingResponse(kind, execution, null, null);
  }

  /** A Describe of a {@link PreparedStatement} or a {@link Portal} (null when unknown). */
  static PendingResponse describe(Object target) {
    return new PendingResponse(Kind.DESCRIBE, null, target, null);
  }

  /**
   * A request sent in place of a refused statement: the database's error for it is replaced by this
   * refusal.
   */
  static PendingResponse refusal(Kind kind, Execution execution, ErrorResponse refusal) {
    return new PendingResponse(kind, execution, null, refusal);
  }

  /** The refusal the client sees instead of the database's error, or null. */
  ErrorResponse refusal() {
    return refusal;
  }

  Kind kind() {
    return kind;
  }

  /** The statement run this response completes, or null. */
  Execution execution() {
    return execution;
  }

  Object describeTarget() {
    return describeTarget;
  }

  /** True for the requests whose response ends with ReadyForQuery. */
  boolean endsWithReadyForQuery() {
    return kind == Kind.QUERY || kind == Kind.FUNCTION_CALL || kind == Kind.SYNC;
  }
}
