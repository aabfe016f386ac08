package io.dbwarden.sidecar.pg.protocol.backend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** CopyInResponse ('G'): the server is ready for COPY FROM STDIN data. */
public final class CopyInResponse implements BackendMessage {

  private final CopyFormats formats;

  /**
   * @param overallFormat 0 for text, 1 for binary
   * @param columnFormats one format code per column
   */
  public CopyInResponse(byte overallFormat, short[] columnFormats) {
    this(new CopyFormats(overallFormat, columnFormats));
  }

  private CopyInResponse(CopyFormats formats) {
    this.formats = formats;
  }

  static CopyInResponse decode(ByteBuf body) {
    return new CopyInResponse(CopyFormats.decode(body));
  }

  public byte overallFormat() {
    return formats.overallFormat;
  }

  public short[] columnFormats() {
    return formats.columnFormats();
  }

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    return formats.encode(alloc, 'G');
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CopyInResponse other && formats.equals(other.formats);
  }

  @Override
  public int hashCode() {
    return formats.hashCode();
  }

  @Override
  public String toString() {
    return "CopyInResponse" + formats;
  }
}
