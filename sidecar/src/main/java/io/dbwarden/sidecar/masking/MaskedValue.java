package io.dbwarden.sidecar.masking;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * The value the proxy itself puts in place of one it will not pass on, valid for the column's type
 * in the format it is sent in: {@code ****} for text, a JSON string for {@code json} and {@code
 * jsonb}, SQL NULL for every other type, as the redact strategy does at the source.
 */
final class MaskedValue {

  private static final int NAME = 19;
  private static final int TEXT = 25;
  private static final int JSON = 114;
  private static final int XML = 142;
  private static final int UNKNOWN = 705;
  private static final int BPCHAR = 1042;
  private static final int VARCHAR = 1043;
  private static final int JSONB = 3802;

  private static final ByteBuf REDACTED = constant("****".getBytes(StandardCharsets.UTF_8));
  private static final ByteBuf JSON_REDACTED =
      constant("\"****\"".getBytes(StandardCharsets.UTF_8));

  /** Binary jsonb is the JSON text behind a version byte, 1. */
  private static final ByteBuf JSONB_BINARY_REDACTED =
      constant("\u0001\"****\"".getBytes(StandardCharsets.UTF_8));

  private MaskedValue() {}

  /**
   * The replacement for a value of this type, or null for SQL NULL. The buffer is shared and never
   * released; it is copied into the row that carries it.
   */
  static ByteBuf of(int typeOid, boolean binary) {
    return switch (typeOid) {
      case TEXT, VARCHAR, BPCHAR, NAME, XML, UNKNOWN -> REDACTED;
      case JSON -> JSON_REDACTED;
      case JSONB -> binary ? JSONB_BINARY_REDACTED : JSON_REDACTED;
      default -> null;
    };
  }

  private static ByteBuf constant(byte[] bytes) {
    return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(bytes).asReadOnly());
  }
}
