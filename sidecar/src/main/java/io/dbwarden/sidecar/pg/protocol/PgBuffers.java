package io.dbwarden.sidecar.pg.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reading and writing the protocol's field types (Int16, Int32, String, value lists). */
public final class PgBuffers {

  /** Longest text kept in a {@code toString}: SQL and payloads can be megabytes and secret. */
  private static final int TO_STRING_LIMIT = 100;

  private PgBuffers() {}

  /**
   * Reads a NUL-terminated UTF-8 string from the readable bytes of {@code buf} (a frame slice, so
   * the search cannot run past the message).
   *
   * @throws ProtocolViolationException when there is no terminator before the end of the buffer
   */
  public static String readCString(ByteBuf buf) {
    int length = buf.bytesBefore((byte) 0);
    if (length < 0) {
      throw new ProtocolViolationException(
          "string without NUL terminator in the last " + buf.readableBytes() + " bytes");
    }
    String value = buf.toString(buf.readerIndex(), length, StandardCharsets.UTF_8);
    buf.skipBytes(length + 1);
    return value;
  }

  /** Writes {@code value} as UTF-8 followed by NUL; the value must not contain NUL itself. */
  public static void writeCString(ByteBuf buf, String value) {
    buf.writeCharSequence(requireCString(value, "value"), StandardCharsets.UTF_8);
    buf.writeByte(0);
  }

  /**
   * Checks that {@code value} can be sent as a protocol String: a NUL inside would end it early and
   * let the rest be read as further fields.
   */
  public static String requireCString(String value, String name) {
    if (value == null) {
      throw new NullPointerException(name + " must not be null");
    }
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(name + " must not contain NUL characters");
    }
    return value;
  }

  /** Reads {@code length} bytes into a new array; only for small fields such as auth payloads. */
  public static byte[] readByteArray(ByteBuf buf, int length) {
    byte[] bytes = new byte[length];
    buf.readBytes(bytes);
    return bytes;
  }

  /** Reads an Int16 count followed by that many Int16 values (format codes). */
  public static short[] readShortArray(ByteBuf buf) {
    short[] values = new short[buf.readUnsignedShort()];
    for (int i = 0; i < values.length; i++) {
      values[i] = buf.readShort();
    }
    return values;
  }

  /** Writes an Int16 count followed by the values. */
  public static void writeShortArray(ByteBuf buf, short[] values) {
    buf.writeShort(values.length);
    for (short value : values) {
      buf.writeShort(value);
    }
  }

  /** Reads an Int16 count followed by that many Int32 values (type OIDs). */
  public static int[] readIntArray(ByteBuf buf) {
    int[] values = new int[buf.readUnsignedShort()];
    for (int i = 0; i < values.length; i++) {
      values[i] = buf.readInt();
    }
    return values;
  }

  /** Writes an Int16 count followed by the Int32 values. */
  public static void writeIntArray(ByteBuf buf, int[] values) {
    buf.writeShort(values.length);
    for (int value : values) {
      buf.writeInt(value);
    }
  }

  /** Checks that a list length fits the protocol's Int16 count. */
  public static void requireCount(int count, String name) {
    if (count > 0xffff) {
      throw new IllegalArgumentException(name + " has " + count + " entries, at most 65535 fit");
    }
  }

  /**
   * Walks {@code count} length-prefixed values (Int32 length, -1 for NULL, then the bytes) without
   * copying. When {@code bounds} is not null, stores each value's buffer index at {@code 2*i} and
   * its length (-1 for NULL) at {@code 2*i+1}.
   *
   * @throws ProtocolViolationException for a negative length other than -1 or a value running past
   *     the end of the buffer
   */
  public static void readValues(ByteBuf buf, int count, int[] bounds) {
    for (int i = 0; i < count; i++) {
      int length = buf.readInt();
      if (length < -1 || length > buf.readableBytes()) {
        throw new ProtocolViolationException(
            "value " + i + " declares " + length + " bytes, " + buf.readableBytes() + " remain");
      }
      if (bounds != null) {
        bounds[2 * i] = buf.readerIndex();
        bounds[2 * i + 1] = length;
      }
      if (length > 0) {
        buf.skipBytes(length);
      }
    }
  }

  /**
   * Writes an Int16 count and each value (null for SQL NULL). Copies the readable bytes of each
   * value without moving its reader index; the caller keeps ownership of the values.
   */
  public static void writeValues(ByteBuf buf, List<ByteBuf> values) {
    requireCount(values.size(), "values");
    buf.writeShort(values.size());
    for (ByteBuf value : values) {
      if (value == null) {
        buf.writeInt(-1);
      } else {
        buf.writeInt(value.readableBytes());
        buf.writeBytes(value, value.readerIndex(), value.readableBytes());
      }
    }
  }

  /**
   * Lists the lengths recorded by {@link #readValues} ("null" for SQL NULL), for {@code toString}
   * methods that must not print the values themselves.
   */
  public static String valueSizes(int[] bounds) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 1; i < bounds.length; i += 2) {
      sb.append(i > 1 ? ", " : "").append(bounds[i] < 0 ? "null" : String.valueOf(bounds[i]));
    }
    return sb.append(']').toString();
  }

  /** Quotes a type byte for error messages: {@code 'Q'}, or hex when not printable. */
  public static String describeByte(byte b) {
    return b >= 0x20 && b < 0x7f ? "'" + (char) b + "'" : String.format("0x%02x", b & 0xff);
  }

  /** Shortens text for {@code toString} so that logging a message cannot dump a huge payload. */
  public static String abbreviate(String text) {
    if (text.length() <= TO_STRING_LIMIT) {
      return text;
    }
    return text.substring(0, TO_STRING_LIMIT) + "...(" + text.length() + " chars)";
  }
}
