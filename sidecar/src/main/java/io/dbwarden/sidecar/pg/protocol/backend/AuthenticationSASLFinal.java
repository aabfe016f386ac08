package io.dbwarden.sidecar.pg.protocol.backend;

import io.dbwarden.sidecar.pg.protocol.PgBuffers;
import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;

/** AuthenticationSASLFinal ('R', 12): the server's last SASL message (SCRAM server signature). */
public final class AuthenticationSASLFinal implements BackendMessage {

  static final int CODE = 12;

  private final byte[] data;

  public AuthenticationSASLFinal(byte[] data) {
    if (data == null) {
      throw new NullPointerException("data must not be null");
    }
    this.data = data.clone();
  }

  static AuthenticationSASLFinal decode(ByteBuf body) {
    return new AuthenticationSASLFinal(PgBuffers.readByteArray(body, body.readableBytes()));
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
    return o instanceof AuthenticationSASLFinal other && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "AuthenticationSASLFinal{" + data.length + " bytes}";
  }
}
