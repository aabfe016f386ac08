package io.dbwarden.sidecar.pg.protocol.backend;

import io.dbwarden.sidecar.pg.protocol.PgBuffers;
import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;

/** ParameterDescription ('t'): the type OIDs of a prepared statement's parameters. */
public final class ParameterDescription implements BackendMessage {

  private final int[] parameterTypes;

  public ParameterDescription(int[] parameterTypes) {
    if (parameterTypes == null) {
      throw new NullPointerException("parameterTypes must not be null");
    }
    PgBuffers.requireCount(parameterTypes.length, "parameterTypes");
    this.parameterTypes = parameterTypes.clone();
  }

  static ParameterDescription decode(ByteBuf body) {
    return new ParameterDescription(PgBuffers.readIntArray(body));
  }

  public int[] parameterTypes() {
    return parameterTypes.clone();
  }

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    ByteBuf buf = PgFrames.beginTyped(alloc, 't');
    PgBuffers.writeIntArray(buf, parameterTypes);
    return PgFrames.endTyped(buf);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParameterDescription other
        && Arrays.equals(parameterTypes, other.parameterTypes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(parameterTypes);
  }

  @Override
  public String toString() {
    return "ParameterDescription" + Arrays.toString(parameterTypes);
  }
}
