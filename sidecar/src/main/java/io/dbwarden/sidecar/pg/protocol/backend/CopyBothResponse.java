package io.dbwarden.sidecar.pg.protocol.backend;

import io.dbwarden.sidecar.pg.protocol.PgBuffers;
import io.netty.buffer.ByteBuf;

/** CopyBothResponse ('W'): COPY data flows both ways (replication). */
public final class CopyBothResponse extends CopyFormats {

  /**
   * @param overallFormat 0 for text, 1 for binary
   * @param columnFormats one format code per column
   */
  public CopyBothResponse(byte overallFormat, short[] columnFormats) {
    super('W', overallFormat, columnFormats);
  }

  static CopyBothResponse decode(ByteBuf body) {
    return new CopyBothResponse(body.readByte(), PgBuffers.readShortArray(body));
  }
}
