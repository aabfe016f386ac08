package io.dbwarden.sidecar.pg.protocol.frontend;

import io.dbwarden.sidecar.pg.protocol.PgBuffers;
import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** CopyFail ('f'): the client aborts COPY FROM STDIN with an error message. */
public record CopyFail(String message) implements FrontendMessage {

  public CopyFail {
    PgBuffers.requireCString(message, "message");
  }

  static CopyFail decode(ByteBuf body) {
    return new CopyFail(PgBuffers.readCString(body));
  }

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    ByteBuf buf = PgFrames.beginTyped(alloc, 'f');
    PgBuffers.writeCString(buf, message);
    return PgFrames.endTyped(buf);
  }

  @Override
  public String toString() {
    return "CopyFail{message=" + PgBuffers.abbreviate(message) + "}";
  }
}
