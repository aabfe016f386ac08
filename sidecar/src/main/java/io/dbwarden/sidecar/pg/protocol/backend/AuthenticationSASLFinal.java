package io.dbwarden.sidecar.pg.protocol.backend;

import io.netty.buffer.ByteBuf;

/** AuthenticationSASLFinal ('R', 12): the server's last SASL message (SCRAM server signature). */
public final class AuthenticationSASLFinal extends AuthenticationData {

  static final int CODE = 12;

  public AuthenticationSASLFinal(byte[] data) {
    super(CODE, data, "data");
  }

  static AuthenticationSASLFinal decode(ByteBuf body) {
    return new AuthenticationSASLFinal(readRest(body));
  }

  public byte[] data() {
    return bytes();
  }
}
