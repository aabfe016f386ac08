package io.dbwarden.sidecar.pg.protocol.backend;

import io.netty.buffer.ByteBuf;

/** AuthenticationSASLContinue ('R', 11): a server message of the SASL exchange. */
public final class AuthenticationSASLContinue extends AuthenticationData {

  static final int CODE = 11;

  public AuthenticationSASLContinue(byte[] data) {
    super(CODE, data, "data");
  }

  static AuthenticationSASLContinue decode(ByteBuf body) {
    return new AuthenticationSASLContinue(readRest(body));
  }

  public byte[] data() {
    return bytes();
  }
}
