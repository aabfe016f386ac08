package io.dbwarden.sidecar.pg.protocol.frontend;

import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** GSSENCRequest: asks for GSSAPI encryption; answered with 'S' or 'N'. */
public final class GssEncRequest implements FrontendMessage {

  public static final int CODE = 80877104;

  public static final GssEncRequest INSTANCE = new GssEncRequest();

  private static final ByteBuf PACKET = PgFrames.constantUntyped(CODE);

  private GssEncRequest() {}

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    return PACKET.duplicate();
  }

  @Override
  public String toString() {
    return "GssEncRequest";
  }
}
