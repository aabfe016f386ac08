package io.dbwarden.sidecar.pg.protocol.backend;

import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** PortalSuspended ('s'): Execute reached its row limit. */
public final class PortalSuspended implements BackendMessage {

  public static final PortalSuspended INSTANCE = new PortalSuspended();

  private static final ByteBuf FRAME = PgFrames.constantTyped('s');

  private PortalSuspended() {}

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    return FRAME.duplicate();
  }

  @Override
  public String toString() {
    return "PortalSuspended";
  }
}
