package io.dbwarden.sidecar.pg.protocol.backend;

import io.dbwarden.sidecar.pg.protocol.PgBuffers;
import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;

/**
 * Base of CopyInResponse, CopyOutResponse and CopyBothResponse, which share one body (overall
 * format and per-column formats) and differ only in their type byte and meaning. Value semantics:
 * equal when of the same class with the same formats.
 */
abstract class CopyFormats implements BackendMessage {

  private final char type;
  private final byte overallFormat;
  private final short[] columnFormats;

  /**
   * @param type the message type byte
   * @param overallFormat 0 for text, 1 for binary
   * @param columnFormats one format code per column; copied
   */
  CopyFormats(char type, byte overallFormat, short[] columnFormats) {
    if (overallFormat != 0 && overallFormat != 1) {
      throw new IllegalArgumentException("overallFormat must be 0 or 1, was " + overallFormat);
    }
    if (columnFormats == null) {
      throw new NullPointerException("columnFormats must not be null");
    }
    PgBuffers.requireCount(columnFormats.length, "columnFormats");
    this.type = type;
    this.overallFormat = overallFormat;
    this.columnFormats = columnFormats.clone();
  }

  public final byte overallFormat() {
    return overallFormat;
  }

  public final short[] columnFormats() {
    return columnFormats.clone();
  }

  @Override
  public final ByteBuf encode(ByteBufAllocator alloc) {
    ByteBuf buf = PgFrames.beginTyped(alloc, type);
    buf.writeByte(overallFormat);
    PgBuffers.writeShortArray(buf, columnFormats);
    return PgFrames.endTyped(buf);
  }

  @Override
  public final boolean equals(Object o) {
    return o instanceof CopyFormats other
        && other.getClass() == getClass()
        && overallFormat == other.overallFormat
        && Arrays.equals(columnFormats, other.columnFormats);
  }

  @Override
  public final int hashCode() {
    return overallFormat * 31 + Arrays.hashCode(columnFormats);
  }

  @Override
  public final String toString() {
    return getClass().getSimpleName()
        + "{overallFormat="
        + overallFormat
        + ", columnFormats="
        + Arrays.toString(columnFormats)
        + "}";
  }
}
