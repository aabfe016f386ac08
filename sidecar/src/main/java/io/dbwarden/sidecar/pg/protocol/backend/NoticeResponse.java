package io.dbwarden.sidecar.pg.protocol.backend;

import io.netty.buffer.ByteBuf;
import java.util.Map;

/**
 * NoticeResponse ('N'): a warning or notice; the command goes on.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-error-fields.html">Error and
 *     Notice Message Fields</a>
 */
public final class NoticeResponse extends NoticeFields {

  /**
   * @param fields by field code ('S' severity, 'C' SQLSTATE, 'M' message, ...) in the order sent
   */
  public NoticeResponse(Map<Character, String> fields) {
    super('N', fields);
  }

  /**
   * A message with the fields the server always sends.
   *
   * @param severity ERROR, FATAL, PANIC, WARNING, NOTICE, DEBUG, INFO or LOG (not localized)
   */
  public static NoticeResponse of(String severity, String sqlState, String message) {
    return new NoticeResponse(standardFields(severity, sqlState, message));
  }

  static NoticeResponse decode(ByteBuf body) {
    return new NoticeResponse(decodeFields(body));
  }

  /** A copy with the hint ('H') set. */
  public NoticeResponse withHint(String hint) {
    return new NoticeResponse(with(HINT, hint));
  }

  /** A copy with the detail ('D') set. */
  public NoticeResponse withDetail(String detail) {
    return new NoticeResponse(with(DETAIL, detail));
  }
}
