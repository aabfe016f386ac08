package io.dbwarden.sidecar.pg.protocol.backend;

import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

/** AuthenticationOk ('R', 0): authentication succeeded. */
public final class AuthenticationOk implements BackendMessage {

  public static final AuthenticationOk INSTANCE = new AuthenticationOk();

  static final int CODE = 0;

  private static final ByteBuf FRAME =
      PgFrames.constant(Unpooled.directBuffer(9).writeByte('R').writeInt(8).writeInt(CODE));

  private AuthenticationOk() {}

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    return FRAME.duplicate();
  }

  @Override
  public String toString() {
    return "AuthenticationOk";
  }
}
