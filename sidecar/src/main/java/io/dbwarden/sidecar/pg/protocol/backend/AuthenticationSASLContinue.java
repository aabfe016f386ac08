package io.dbwarden.sidecar.pg.protocol.backend;

import io.dbwarden.sidecar.pg.protocol.PgBuffers;
import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;

/** AuthenticationSASLContinue ('R', 11): a server message of the SASL exchange. */
public final class AuthenticationSASLContinue implements BackendMessage {

  static final int CODE = 11;

  private final byte[] data;

  public AuthenticationSASLContinue(byte[] data) {
    if (data == null) {
      throw new NullPointerException("data must not be null");
    }
    this.data = data.clone();
  }

  static AuthenticationSASLContinue decode(ByteBuf body) {
    return new AuthenticationSASLContinue(PgBuffers.readByteArray(body, body.readableBytes()));
  }

  public byte[] data() {
    return data.clone();
  }

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    ByteBuf buf = PgFrames.beginTyped(alloc, 'R');
    buf.writeInt(CODE);
    buf.writeBytes(data);
    return PgFrames.endTyped(buf);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuthenticationSASLContinue other && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "AuthenticationSASLContinue{" + data.length + " bytes}";
  }
}
