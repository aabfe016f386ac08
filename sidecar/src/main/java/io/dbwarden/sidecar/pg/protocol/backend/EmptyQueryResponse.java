package io.dbwarden.sidecar.pg.protocol.backend;

import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** EmptyQueryResponse ('I'): answer to an empty query string. */
public final class EmptyQueryResponse implements BackendMessage {

  public static final EmptyQueryResponse INSTANCE = new EmptyQueryResponse();

  private static final ByteBuf FRAME = PgFrames.constantTyped('I');

  private EmptyQueryResponse() {}

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    return FRAME.duplicate();
  }

  @Override
  public String toString() {
    return "EmptyQueryResponse";
  }
}
