package io.dbwarden.sidecar.pg.protocol.backend;

import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** ParseComplete ('1'). */
public final class ParseComplete implements BackendMessage {

  public static final ParseComplete INSTANCE = new ParseComplete();

  private static final ByteBuf FRAME = PgFrames.constantTyped('1');

  private ParseComplete() {}

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    return FRAME.duplicate();
  }

  @Override
  public String toString() {
    return "ParseComplete";
  }
}
