package io.dbwarden.sidecar.pg.protocol;

import io.dbwarden.sidecar.pg.protocol.backend.BackendMessage;
import io.dbwarden.sidecar.pg.protocol.frontend.FrontendMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** CopyDone ('c'), sent both ways to end COPY data. */
public final class CopyDone implements FrontendMessage, BackendMessage {

  public static final CopyDone INSTANCE = new CopyDone();

  private static final ByteBuf FRAME = PgFrames.constantTyped('c');

  private CopyDone() {}

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    return FRAME.duplicate();
  }

  @Override
  public String toString() {
    return "CopyDone";
  }
}
