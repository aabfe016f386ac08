package io.dbwarden.sidecar.pg.protocol.backend;

import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** NoData ('n'): the described statement or portal returns no rows. */
public final class NoData implements BackendMessage {

  public static final NoData INSTANCE = new NoData();

  private static final ByteBuf FRAME = PgFrames.constantTyped('n');

  private NoData() {}

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    return FRAME.duplicate();
  }

  @Override
  public String toString() {
    return "NoData";
  }
}
