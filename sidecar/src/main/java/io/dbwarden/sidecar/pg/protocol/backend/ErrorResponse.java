package io.dbwarden.sidecar.pg.protocol.backend;

import io.netty.buffer.ByteBuf;
import java.util.Map;

/**
 * ErrorResponse ('E'): the current command failed.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-error-fields.html">Error and
 *     Notice Message Fields</a>
 */
public final class ErrorResponse extends NoticeFields {

  /**
   * @param fields by field code ('S' severity, 'C' SQLSTATE, 'M' message, ...) in the order sent
   */
  public ErrorResponse(Map<Character, String> fields) {
    super('E', fields);
  }

  /**
   * A message with the fields the server always sends.
   *
   * @param severity ERROR, FATAL, PANIC, WARNING, NOTICE, DEBUG, INFO or LOG (not localized)
   */
  public static ErrorResponse of(String severity, String sqlState, String message) {
    return new ErrorResponse(standardFields(severity, sqlState, message));
  }

  static ErrorResponse decode(ByteBuf body) {
    return new ErrorResponse(decodeFields(body));
  }

  /** A copy with the hint ('H') set. */
  public ErrorResponse withHint(String hint) {
    return new ErrorResponse(with(HINT, hint));
  }

  /** A copy with the detail ('D') set. */
  public ErrorResponse withDetail(String detail) {
    return new ErrorResponse(with(DETAIL, detail));
  }
}
