package io.dbwarden.sidecar.pg.protocol.frontend;

import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Flush ('H'): asks the server to send what it has buffered. */
public final class Flush implements FrontendMessage {

  public static final Flush INSTANCE = new Flush();

  private static final ByteBuf FRAME = PgFrames.constantTyped('H');

  private Flush() {}

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    return FRAME.duplicate();
  }

  @Override
  public String toString() {
    return "Flush";
  }
}
