package io.dbwarden.sidecar.pg.protocol.backend;

import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** BindComplete ('2'). */
public final class BindComplete implements BackendMessage {

  public static final BindComplete INSTANCE = new BindComplete();

  private static final ByteBuf FRAME = PgFrames.constantTyped('2');

  private BindComplete() {}

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    return FRAME.duplicate();
  }

  @Override
  public String toString() {
    return "BindComplete";
  }
}
