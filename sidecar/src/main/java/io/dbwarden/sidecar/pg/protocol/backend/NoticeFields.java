package io.dbwarden.sidecar.pg.protocol.backend;

import io.dbwarden.sidecar.pg.protocol.PgBuffers;
import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Base of ErrorResponse and NoticeResponse, which differ only in their type byte and meaning: a
 * field list of pairs of a one-byte field code and a string, ended by a zero byte. Holds the
 * validated fields, their accessors, value semantics (equal when of the same class with equal
 * fields; toString as the records these classes once were) and the encoding.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-error-fields.html">Error and
 *     Notice Message Fields</a>
 */
abstract class NoticeFields implements BackendMessage {

  static final char SEVERITY = 'S';
  static final char SEVERITY_NONLOCALIZED = 'V';
  static final char CODE = 'C';
  static final char MESSAGE = 'M';
  static final char DETAIL = 'D';
  static final char HINT = 'H';

  private final char type;
  private final Map<Character, String> fields;

  /**
   * @param type the message type byte
   * @param fields by field code in the order sent; copied after validation
   */
  NoticeFields(char type, Map<Character, String> fields) {
    this.type = type;
    this.fields = copy(fields);
  }

  /**
   * By field code ('S' severity, 'C' SQLSTATE, 'M' message, ...) in the order sent; unmodifiable.
   */
  public final Map<Character, String> fields() {
    return fields;
  }

  /** Localized severity ('S'), or null when absent. */
  public final String severity() {
    return fields.get(SEVERITY);
  }

  /** SQLSTATE ('C'), or null when absent. */
  public final String code() {
    return fields.get(CODE);
  }

  /** Primary message ('M'), or null when absent. */
  public final String message() {
    return fields.get(MESSAGE);
  }

  /** Detail ('D'), or null when absent. */
  public final String detail() {
    return fields.get(DETAIL);
  }

  /** Hint ('H'), or null when absent. */
  public final String hint() {
    return fields.get(HINT);
  }

  @Override
  public final ByteBuf encode(ByteBufAllocator alloc) {
    ByteBuf buf = PgFrames.beginTyped(alloc, type);
    fields.forEach(
        (code, value) -> {
          buf.writeByte(code);
          PgBuffers.writeCString(buf, value);
        });
    buf.writeByte(0);
    return PgFrames.endTyped(buf);
  }

  @Override
  public final boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && fields.equals(((NoticeFields) o).fields);
  }

  @Override
  public final int hashCode() {
    return fields.hashCode();
  }

  @Override
  public final String toString() {
    return getClass().getSimpleName() + "[fields=" + fields + "]";
  }

  /** Validated, insertion-ordered, unmodifiable copy. */
  private static Map<Character, String> copy(Map<Character, String> fields) {
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
  static Map<Character, String> standardFields(String severity, String sqlState, String message) {
    Map<Character, String> fields = new LinkedHashMap<>();
    fields.put(SEVERITY, severity);
    fields.put(SEVERITY_NONLOCALIZED, severity);
    fields.put(CODE, sqlState);
    fields.put(MESSAGE, message);
    return fields;
  }

  /** A copy of the fields with {@code code} set to {@code value}, keeping the order. */
  final Map<Character, String> with(char code, String value) {
    Map<Character, String> copy = new LinkedHashMap<>(fields);
    copy.put(code, value);
    return copy;
  }

  static Map<Character, String> decodeFields(ByteBuf body) {
    Map<Character, String> fields = new LinkedHashMap<>();
    for (byte code = body.readByte(); code != 0; code = body.readByte()) {
      // A repeated code keeps the last value, as libpq does.
      fields.put((char) (code & 0xff), PgBuffers.readCString(body));
    }
    return fields;
  }
}
