package io.dbwarden.sidecar.pg.protocol.backend;

import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** CloseComplete ('3'). */
public final class CloseComplete implements BackendMessage {

  public static final CloseComplete INSTANCE = new CloseComplete();

  private static final ByteBuf FRAME = PgFrames.constantTyped('3');

  private CloseComplete() {}

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    return FRAME.duplicate();
  }

  @Override
  public String toString() {
    return "CloseComplete";
  }
}
