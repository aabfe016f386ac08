package io.dbwarden.sidecar.pg.protocol.backend;

import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * An authentication request the proxy does not implement (2 Kerberos V5, 7 GSSAPI, 8 GSSContinue, 9
 * SSPI, or anything newer), decoded so that it can be refused with a clear message. Any data after
 * the code is dropped; {@link #encode} writes the code only.
 */
public record AuthenticationUnsupported(int code) implements BackendMessage {

  public AuthenticationUnsupported {
    switch (code) {
      case AuthenticationOk.CODE,
          AuthenticationCleartextPassword.CODE,
          AuthenticationMD5Password.CODE,
          AuthenticationSASL.CODE,
          AuthenticationSASLContinue.CODE,
          AuthenticationSASLFinal.CODE ->
          throw new IllegalArgumentException("authentication code " + code + " is supported");
      default -> {}
    }
  }

  static AuthenticationUnsupported decode(int code, ByteBuf body) {
    body.skipBytes(body.readableBytes());
    return new AuthenticationUnsupported(code);
  }

  /** A name for messages, e.g. "GSSAPI" for 7. */
  public String method() {
    return switch (code) {
      case 2 -> "Kerberos V5";
      case 6 -> "SCM credentials";
      case 7, 8 -> "GSSAPI";
      case 9 -> "SSPI";
      default -> "authentication method " + code;
    };
  }

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    ByteBuf buf = PgFrames.beginTyped(alloc, 'R');
    buf.writeInt(code);
    return PgFrames.endTyped(buf);
  }
}
