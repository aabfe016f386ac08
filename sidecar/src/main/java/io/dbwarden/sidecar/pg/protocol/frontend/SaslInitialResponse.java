package io.dbwarden.sidecar.pg.protocol.frontend;

import io.dbwarden.sidecar.pg.protocol.PgBuffers;
import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.Arrays;

/**
 * SASLInitialResponse ('p'): the chosen mechanism and the client-first message. Arrives as a {@link
 * PasswordMessage}; see {@link #parse}.
 */
public final class SaslInitialResponse implements FrontendMessage {

  private final String mechanism;
  private final byte[] data;

  /**
   * @param data the initial response, or null when the mechanism has none (sent as length -1)
   */
  public SaslInitialResponse(String mechanism, byte[] data) {
    this.mechanism = PgBuffers.requireCString(mechanism, "mechanism");
    this.data = data == null ? null : data.clone();
  }

  /**
   * Reads a 'p' body as SASLInitialResponse.
   *
   * @throws io.dbwarden.sidecar.pg.protocol.ProtocolViolationException when it does not parse
   *     exactly
   */
  public static SaslInitialResponse parse(PasswordMessage message) {
    // A heap wrapper of our own array: nothing to release.
    ByteBuf body = Unpooled.wrappedBuffer(message.payload());
    return PgFrames.decodeBody(
        (byte) 'p',
        body,
        b -> {
          String mechanism = PgBuffers.readCString(b);
          int length = b.readInt();
          return new SaslInitialResponse(
              mechanism, length < 0 ? null : PgBuffers.readByteArray(b, length));
        });
  }

  public String mechanism() {
    return mechanism;
  }

  /** The initial response, or null when none was sent. */
  public byte[] data() {
    return data == null ? null : data.clone();
  }

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    ByteBuf buf = PgFrames.beginTyped(alloc, 'p');
    PgBuffers.writeCString(buf, mechanism);
    if (data == null) {
      buf.writeInt(-1);
    } else {
      buf.writeInt(data.length);
      buf.writeBytes(data);
    }
    return PgFrames.endTyped(buf);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SaslInitialResponse other
        && mechanism.equals(other.mechanism)
        && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return mechanism.hashCode() * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "SaslInitialResponse{mechanism="
        + mechanism
        + ", "
        + (data == null ? "no data" : data.length + " bytes")
        + "}";
  }
}
