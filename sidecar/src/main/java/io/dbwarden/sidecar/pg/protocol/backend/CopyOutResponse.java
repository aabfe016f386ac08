package io.dbwarden.sidecar.pg.protocol.backend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** CopyOutResponse ('H'): COPY TO STDOUT data follows. */
public final class CopyOutResponse implements BackendMessage {

  private final CopyFormats formats;

  /**
   * @param overallFormat 0 for text, 1 for binary
   * @param columnFormats one format code per column
   */
  public CopyOutResponse(byte overallFormat, short[] columnFormats) {
    this(new CopyFormats(overallFormat, columnFormats));
  }

  private CopyOutResponse(CopyFormats formats) {
    this.formats = formats;
  }

  static CopyOutResponse decode(ByteBuf body) {
    return new CopyOutResponse(CopyFormats.decode(body));
  }

  public byte overallFormat() {
    return formats.overallFormat;
  }

  public short[] columnFormats() {
    return formats.columnFormats();
  }

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    return formats.encode(alloc, 'H');
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CopyOutResponse other && formats.equals(other.formats);
  }

  @Override
  public int hashCode() {
    return formats.hashCode();
  }

  @Override
  public String toString() {
    return "CopyOutResponse" + formats;
  }
}
