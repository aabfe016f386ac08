package io.dbwarden.sidecar.pg.protocol.frontend;

import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Terminate ('X'): the client is closing the connection. */
public final class Terminate implements FrontendMessage {

  public static final Terminate INSTANCE = new Terminate();

  private static final ByteBuf FRAME = PgFrames.constantTyped('X');

  private Terminate() {}

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    return FRAME.duplicate();
  }

  @Override
  public String toString() {
    return "Terminate";
  }
}
