package io.dbwarden.sidecar.pg.protocol.backend;

import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

/** AuthenticationCleartextPassword ('R', 3): send the password in clear. */
public final class AuthenticationCleartextPassword implements BackendMessage {

  public static final AuthenticationCleartextPassword INSTANCE =
      new AuthenticationCleartextPassword();

  static final int CODE = 3;

  private static final ByteBuf FRAME =
      PgFrames.constant(Unpooled.directBuffer(9).writeByte('R').writeInt(8).writeInt(CODE));

  private AuthenticationCleartextPassword() {}

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    return FRAME.duplicate();
  }

  @Override
  public String toString() {
    return "AuthenticationCleartextPassword";
  }
}
