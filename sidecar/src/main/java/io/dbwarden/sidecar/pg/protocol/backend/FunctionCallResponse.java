package io.dbwarden.sidecar.pg.protocol.backend;

import io.dbwarden.sidecar.pg.protocol.PgBuffers;
import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;

/** FunctionCallResponse ('V'): the result of a FunctionCall. */
public final class FunctionCallResponse implements BackendMessage {

  private final byte[] value;

  /**
   * @param value the result bytes, or null for SQL NULL
   */
  public FunctionCallResponse(byte[] value) {
    this.value = value == null ? null : value.clone();
  }

  static FunctionCallResponse decode(ByteBuf body) {
    int length = body.readInt();
    return new FunctionCallResponse(length < 0 ? null : PgBuffers.readByteArray(body, length));
  }

  /** The result bytes, or null for SQL NULL. */
  public byte[] value() {
    return value == null ? null : value.clone();
  }

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    ByteBuf buf = PgFrames.beginTyped(alloc, 'V');
    if (value == null) {
      buf.writeInt(-1);
    } else {
      buf.writeInt(value.length);
      buf.writeBytes(value);
    }
    return PgFrames.endTyped(buf);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FunctionCallResponse other && Arrays.equals(value, other.value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "FunctionCallResponse{" + (value == null ? "NULL" : value.length + " bytes") + "}";
  }
}
