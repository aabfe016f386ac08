package io.dbwarden.sidecar.pg.protocol.backend;

import io.dbwarden.sidecar.pg.protocol.PgBuffers;
import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The field list shared by ErrorResponse and NoticeResponse: pairs of a one-byte field code and a
 * string, ended by a zero byte.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-error-fields.html">Error and
 *     Notice Message Fields</a>
 */
final class NoticeFields {

  static final char SEVERITY = 'S';
  static final char SEVERITY_NONLOCALIZED = 'V';
  static final char CODE = 'C';
  static final char MESSAGE = 'M';
  static final char DETAIL = 'D';
  static final char HINT = 'H';

  private NoticeFields() {}

  /** Validated, insertion-ordered, unmodifiable copy. */
  static Map<Character, String> copy(Map<Character, String> fields) {
    if (fields == null) {
      throw new NullPointerException("fields must not be null");
    }
    Map<Character, String> copy = new LinkedHashMap<>();
    fields.forEach(
        (code, value) -> {
          if (code == null) {
            throw new NullPointerException("field code must not be null");
          }
          // Codes are single bytes and zero ends the list.
          if (code == 0 || code > 0xff) {
            throw new IllegalArgumentException("field code must be one non-zero byte");
          }
          copy.put(code, PgBuffers.requireCString(value, "field " + code));
        });
    return Collections.unmodifiableMap(copy);
  }

  /** Severity (localized and not), SQLSTATE and message, in the order the server sends them. */
  static Map<Character, String> of(String severity, String sqlState, String message) {
    Map<Character, String> fields = new LinkedHashMap<>();
    fields.put(SEVERITY, severity);
    fields.put(SEVERITY_NONLOCALIZED, severity);
    fields.put(CODE, sqlState);
    fields.put(MESSAGE, message);
    return fields;
  }

  /** A copy of {@code fields} with {@code code} set to {@code value}, keeping the order. */
  static Map<Character, String> with(Map<Character, String> fields, char code, String value) {
    Map<Character, String> copy = new LinkedHashMap<>(fields);
    copy.put(code, value);
    return copy;
  }

  static Map<Character, String> decode(ByteBuf body) {
    Map<Character, String> fields = new LinkedHashMap<>();
    for (byte code = body.readByte(); code != 0; code = body.readByte()) {
      // A repeated code keeps the last value, as libpq does.
      fields.put((char) (code & 0xff), PgBuffers.readCString(body));
    }
    return fields;
  }

  static ByteBuf encode(ByteBufAllocator alloc, char type, Map<Character, String> fields) {
    ByteBuf buf = PgFrames.beginTyped(alloc, type);
    fields.forEach(
        (code, value) -> {
          buf.writeByte(code);
          PgBuffers.writeCString(buf, value);
        });
    buf.writeByte(0);
    return PgFrames.endTyped(buf);
  }
}
