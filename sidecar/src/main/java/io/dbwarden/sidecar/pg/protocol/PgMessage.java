package io.dbwarden.sidecar.pg.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** A PostgreSQL protocol message that knows its own wire form. */
public interface PgMessage {

  /**
   * Returns the complete wire frame (type byte if any, int32 length, body). The caller owns the
   * returned buffer and must release it (writing it to a channel does).
   */
  ByteBuf encode(ByteBufAllocator alloc);
}
