package io.dbwarden.sidecar.pg.protocol.frontend;

import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** SSLRequest: asks to switch to TLS before the StartupMessage; answered with 'S' or 'N'. */
public final class SslRequest implements FrontendMessage {

  public static final int CODE = 80877103;

  public static final SslRequest INSTANCE = new SslRequest();

  private static final ByteBuf PACKET = PgFrames.constantUntyped(CODE);

  private SslRequest() {}

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    return PACKET.duplicate();
  }

  @Override
  public String toString() {
    return "SslRequest";
  }
}
