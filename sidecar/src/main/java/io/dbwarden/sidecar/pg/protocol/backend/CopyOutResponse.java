package io.dbwarden.sidecar.pg.protocol.backend;

import io.dbwarden.sidecar.pg.protocol.PgBuffers;
import io.netty.buffer.ByteBuf;

/** CopyOutResponse ('H'): COPY TO STDOUT data follows. */
public final class CopyOutResponse extends CopyFormats {

  /**
   * @param overallFormat 0 for text, 1 for binary
   * @param columnFormats one format code per column
   */
  public CopyOutResponse(byte overallFormat, short[] columnFormats) {
    super('H', overallFormat, columnFormats);
  }

  static CopyOutResponse decode(ByteBuf body) {
    return new CopyOutResponse(body.readByte(), PgBuffers.readShortArray(body));
  }
}
