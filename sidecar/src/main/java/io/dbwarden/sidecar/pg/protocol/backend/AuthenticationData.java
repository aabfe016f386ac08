package io.dbwarden.sidecar.pg.protocol.backend;

import io.dbwarden.sidecar.pg.protocol.PgBuffers;
import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;

/**
 * Base of the authentication requests ('R') that are an authentication subtype followed by bytes
 * the proxy does not interpret (SASL data, an MD5 salt): holds a private copy of the bytes, encodes
 * them after the subtype and compares by class and content. toString gives only the length, since
 * the bytes are part of a credential exchange.
 */
abstract class AuthenticationData implements BackendMessage {

  private final int code;
  private final byte[] data;

  /**
   * @param code the authentication subtype
   * @param data the bytes after the subtype; copied
   * @param name the parameter name for the error when {@code data} is null
   */
  AuthenticationData(int code, byte[] data, String name) {
    if (data == null) {
      throw new NullPointerException(name + " must not be null");
    }
    this.code = code;
    this.data = data.clone();
  }

  /** The rest of {@code body} as bytes, for subtypes whose data runs to the end of the message. */
  static byte[] readRest(ByteBuf body) {
    return PgBuffers.readByteArray(body, body.readableBytes());
  }

  /** A copy of the bytes after the subtype. */
  final byte[] bytes() {
    return data.clone();
  }

  @Override
  public final ByteBuf encode(ByteBufAllocator alloc) {
    ByteBuf buf = PgFrames.beginTyped(alloc, 'R');
    buf.writeInt(code);
    buf.writeBytes(data);
    return PgFrames.endTyped(buf);
  }

  @Override
  public final boolean equals(Object o) {
    return o != null
        && o.getClass() == getClass()
        && Arrays.equals(data, ((AuthenticationData) o).data);
  }

  @Override
  public final int hashCode() {
    return Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "{" + data.length + " bytes}";
  }
}
