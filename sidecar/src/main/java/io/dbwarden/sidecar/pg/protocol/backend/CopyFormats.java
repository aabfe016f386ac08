package io.dbwarden.sidecar.pg.protocol.backend;

import io.dbwarden.sidecar.pg.protocol.PgBuffers;
import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;

/** The body shared by CopyInResponse, CopyOutResponse and CopyBothResponse. */
final class CopyFormats {

  final byte overallFormat;
  private final short[] columnFormats;

  CopyFormats(byte overallFormat, short[] columnFormats) {
    if (overallFormat != 0 && overallFormat != 1) {
      throw new IllegalArgumentException("overallFormat must be 0 or 1, was " + overallFormat);
    }
    if (columnFormats == null) {
      throw new NullPointerException("columnFormats must not be null");
    }
    PgBuffers.requireCount(columnFormats.length, "columnFormats");
    this.overallFormat = overallFormat;
    this.columnFormats = columnFormats.clone();
  }

  static CopyFormats decode(ByteBuf body) {
    return new CopyFormats(body.readByte(), PgBuffers.readShortArray(body));
  }

  short[] columnFormats() {
    return columnFormats.clone();
  }

  ByteBuf encode(ByteBufAllocator alloc, char type) {
    ByteBuf buf = PgFrames.beginTyped(alloc, type);
    buf.writeByte(overallFormat);
    PgBuffers.writeShortArray(buf, columnFormats);
    return PgFrames.endTyped(buf);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CopyFormats other
        && overallFormat == other.overallFormat
        && Arrays.equals(columnFormats, other.columnFormats);
  }

  @Override
  public int hashCode() {
    return overallFormat * 31 + Arrays.hashCode(columnFormats);
  }

  @Override
  public String toString() {
    return "{overallFormat="
        + overallFormat
        + ", columnFormats="
        + Arrays.toString(columnFormats)
        + "}";
  }
}
