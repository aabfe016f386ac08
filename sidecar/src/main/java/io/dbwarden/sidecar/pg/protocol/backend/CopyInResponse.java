package io.dbwarden.sidecar.pg.protocol.backend;

import io.dbwarden.sidecar.pg.protocol.PgBuffers;
import io.netty.buffer.ByteBuf;

/** CopyInResponse ('G'): the server is ready for COPY FROM STDIN data. */
public final class CopyInResponse extends CopyFormats {

  /**
   * @param overallFormat 0 for text, 1 for binary
   * @param columnFormats one format code per column
   */
  public CopyInResponse(byte overallFormat, short[] columnFormats) {
    super('G', overallFormat, columnFormats);
  }

  static CopyInResponse decode(ByteBuf body) {
    return new CopyInResponse(body.readByte(), PgBuffers.readShortArray(body));
  }
}
