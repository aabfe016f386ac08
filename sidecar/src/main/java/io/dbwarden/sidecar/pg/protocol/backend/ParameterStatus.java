package io.dbwarden.sidecar.pg.protocol.backend;

import io.dbwarden.sidecar.pg.protocol.PgBuffers;
import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** ParameterStatus ('S'): the current value of a reported run-time parameter. */
public record ParameterStatus(String name, String value) implements BackendMessage {

  public ParameterStatus {
    PgBuffers.requireCString(name, "name");
    PgBuffers.requireCString(value, "value");
  }

  static ParameterStatus decode(ByteBuf body) {
    return new ParameterStatus(PgBuffers.readCString(body), PgBuffers.readCString(body));
  }

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    ByteBuf buf = PgFrames.beginTyped(alloc, 'S');
    PgBuffers.writeCString(buf, name);
    PgBuffers.writeCString(buf, value);
    return PgFrames.endTyped(buf);
  }
}
