package io.dbwarden.sidecar.pg.protocol.backend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** CopyBothResponse ('W'): COPY data flows both ways (replication). */
public final class CopyBothResponse implements BackendMessage {

  private final CopyFormats formats;

  /**
   * @param overallFormat 0 for text, 1 for binary
   * @param columnFormats one format code per column
   */
  public CopyBothResponse(byte overallFormat, short[] columnFormats) {
    this(new CopyFormats(overallFormat, columnFormats));
  }

  private CopyBothResponse(CopyFormats formats) {
    this.formats = formats;
  }

  static CopyBothResponse decode(ByteBuf body) {
    return new CopyBothResponse(CopyFormats.decode(body));
  }

  public byte overallFormat() {
    return formats.overallFormat;
  }

  public short[] columnFormats() {
    return formats.columnFormats();
  }

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    return formats.encode(alloc, 'W');
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CopyBothResponse other && formats.equals(other.formats);
  }

  @Override
  public int hashCode() {
    return formats.hashCode();
  }

  @Override
  public String toString() {
    return "CopyBothResponse" + formats;
  }
}
