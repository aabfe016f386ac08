package io.dbwarden.sidecar.pg.protocol.backend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Map;

/**
 * ErrorResponse ('E'): the current command failed.
 *
 * @param fields by field code ('S' severity, 'C' SQLSTATE, 'M' message, ...) in the order sent;
 *     unmodifiable
 * @see <a href="https://www.postgresql.org/docs/current/protocol-error-fields.html">Error and
 *     Notice Message Fields</a>
 */
public record ErrorResponse(Map<Character, String> fields) implements BackendMessage {

  public ErrorResponse {
    fields = NoticeFields.copy(fields);
  }

  /**
   * A message with the fields the server always sends.
   *
   * @param severity ERROR, FATAL, PANIC, WARNING, NOTICE, DEBUG, INFO or LOG (not localized)
   */
  public static ErrorResponse of(String severity, String sqlState, String message) {
    return new ErrorResponse(NoticeFields.of(severity, sqlState, message));
  }

  static ErrorResponse decode(ByteBuf body) {
    return new ErrorResponse(NoticeFields.decode(body));
  }

  /** A copy with the hint ('H') set. */
  public ErrorResponse withHint(String hint) {
    return new ErrorResponse(NoticeFields.with(fields, NoticeFields.HINT, hint));
  }

  /** A copy with the detail ('D') set. */
  public ErrorResponse withDetail(String detail) {
    return new ErrorResponse(NoticeFields.with(fields, NoticeFields.DETAIL, detail));
  }

  /** Localized severity ('S'), or null when absent. */
  public String severity() {
    return fields.get(NoticeFields.SEVERITY);
  }

  /** SQLSTATE ('C'), or null when absent. */
  public String code() {
    return fields.get(NoticeFields.CODE);
  }

  /** Primary message ('M'), or null when absent. */
  public String message() {
    return fields.get(NoticeFields.MESSAGE);
  }

  /** Detail ('D'), or null when absent. */
  public String detail() {
    return fields.get(NoticeFields.DETAIL);
  }

  /** Hint ('H'), or null when absent. */
  public String hint() {
    return fields.get(NoticeFields.HINT);
  }

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    return NoticeFields.encode(alloc, 'E', fields);
  }
}
