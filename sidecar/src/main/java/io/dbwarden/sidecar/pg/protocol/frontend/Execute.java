package io.dbwarden.sidecar.pg.protocol.frontend;

import io.dbwarden.sidecar.pg.protocol.PgBuffers;
import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Execute ('E'): runs a portal ("" is the unnamed one).
 *
 * @param maxRows row limit; zero (or negative, as the server treats it) means no limit
 */
public record Execute(String portal, int maxRows) implements FrontendMessage {

  public Execute {
    PgBuffers.requireCString(portal, "portal");
  }

  static Execute decode(ByteBuf body) {
    return new Execute(PgBuffers.readCString(body), body.readInt());
  }

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    ByteBuf buf = PgFrames.beginTyped(alloc, 'E');
    PgBuffers.writeCString(buf, portal);
    buf.writeInt(maxRows);
    return PgFrames.endTyped(buf);
  }
}
