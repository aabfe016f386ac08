package io.dbwarden.sidecar.pg.protocol.frontend;

import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Sync ('S'): ends an extended-query sequence; the server answers ReadyForQuery. */
public final class Sync implements FrontendMessage {

  public static final Sync INSTANCE = new Sync();

  private static final ByteBuf FRAME = PgFrames.constantTyped('S');

  private Sync() {}

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    return FRAME.duplicate();
  }

  @Override
  public String toString() {
    return "Sync";
  }
}
