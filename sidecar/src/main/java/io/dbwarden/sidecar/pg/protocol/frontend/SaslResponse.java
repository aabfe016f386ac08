package io.dbwarden.sidecar.pg.protocol.frontend;

import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;

/**
 * SASLResponse ('p'): a later client message of a SASL exchange. Arrives as a {@link
 * PasswordMessage}; see {@link #parse}.
 */
public final class SaslResponse implements FrontendMessage {

  private final byte[] data;

  public SaslResponse(byte[] data) {
    if (data == null) {
      throw new NullPointerException("data must not be null");
    }
    this.data = data.clone();
  }

  /** Reads a 'p' body as SASLResponse: the whole body is mechanism data. */
  public static SaslResponse parse(PasswordMessage message) {
    return new SaslResponse(message.payload());
  }

  public byte[] data() {
    return data.clone();
  }

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    ByteBuf buf = PgFrames.beginTyped(alloc, 'p');
    buf.writeBytes(data);
    return PgFrames.endTyped(buf);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SaslResponse other && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "SaslResponse{" + data.length + " bytes}";
  }
}
