package io.dbwarden.sidecar.proxy;

import io.dbwarden.sidecar.pg.protocol.backend.BackendMessage;
import java.util.List;

/**
 * What the client is owed, in order: the response to one request forwarded to the database, or
 * messages the proxy answers itself (a refusal) which must reach the client only after the
 * responses to everything the client sent before.
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
    /** The proxy's own answer, written when it reaches the head of the queue. */
    SYNTHETIC
  }

  private final Kind kind;
  private final Execution execution;
  private final Object describeTarget;
  private final List<BackendMessage> synthetic;
  private final boolean readyForQuery;

  private PendingResponse(
      Kind kind,
      Execution execution,
      Object describeTarget,
      List<BackendMessage> synthetic,
      boolean readyForQuery) {
    this.kind = kind;
    this.execution = execution;
    this.describeTarget = describeTarget;
    this.synthetic = synthetic;
    this.readyForQuery = readyForQuery;
  }

  static PendingResponse of(Kind kind) {
    return new PendingResponse(kind, null, null, List.of(), false);
  }

  static PendingResponse execution(Kind kind, Execution execution) {
    return new PendingResponse(kind, execution, null, List.of(), false);
  }

  /** A Describe of a {@link PreparedStatement} or a {@link Portal} (null when unknown). */
  static PendingResponse describe(Object target) {
    return new PendingResponse(Kind.DESCRIBE, null, target, List.of(), false);
  }

  /**
   * The proxy's own answer.
   *
   * @param readyForQuery whether a ReadyForQuery with the then current status follows
   */
  static PendingResponse synthetic(List<BackendMessage> messages, boolean readyForQuery) {
    return new PendingResponse(Kind.SYNTHETIC, null, null, List.copyOf(messages), readyForQuery);
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

  List<BackendMessage> synthetic() {
    return synthetic;
  }

  boolean readyForQuery() {
    return readyForQuery;
  }

  /** True for the requests whose response ends with ReadyForQuery. */
  boolean endsWithReadyForQuery() {
    return kind == Kind.QUERY || kind == Kind.FUNCTION_CALL || kind == Kind.SYNC;
  }
}
