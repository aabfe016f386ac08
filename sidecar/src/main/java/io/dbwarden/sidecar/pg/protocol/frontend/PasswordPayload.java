package io.dbwarden.sidecar.pg.protocol.frontend;

import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;

/**
 * Base of the 'p' messages whose body is kept as opaque bytes (PasswordMessage, SASLResponse):
 * holds a private copy, encodes it as the whole body and compares by class and content. toString
 * gives only the length, since the bytes are a credential.
 */
abstract class PasswordPayload implements FrontendMessage {

  private final byte[] bytes;

  /**
   * @param bytes the whole body; copied
   * @param name the parameter name for the error when {@code bytes} is null
   */
  PasswordPayload(byte[] bytes, String name) {
    if (bytes == null) {
      throw new NullPointerException(name + " must not be null");
    }
    this.bytes = bytes.clone();
  }

  /** A copy of the body. */
  final byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public final ByteBuf encode(ByteBufAllocator alloc) {
    ByteBuf buf = PgFrames.beginTyped(alloc, 'p');
    buf.writeBytes(bytes);
    return PgFrames.endTyped(buf);
  }

  @Override
  public final boolean equals(Object o) {
    return o != null
        && o.getClass() == getClass()
        && Arrays.equals(bytes, ((PasswordPayload) o).bytes);
  }

  @Override
  public final int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** Never shows the bytes: they are a secret. */
  @Override
  public final String toString() {
    return getClass().getSimpleName() + "{" + bytes.length + " bytes}";
  }
}
