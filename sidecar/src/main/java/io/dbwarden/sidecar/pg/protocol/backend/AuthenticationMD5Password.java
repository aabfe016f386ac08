package io.dbwarden.sidecar.pg.protocol.backend;

import io.dbwarden.sidecar.pg.protocol.PgBuffers;
import io.netty.buffer.ByteBuf;

/** AuthenticationMD5Password ('R', 5): send the MD5-hashed password, salted with {@link #salt}. */
public final class AuthenticationMD5Password extends AuthenticationData {

  static final int CODE = 5;

  private static final int SALT_LENGTH = 4;

  public AuthenticationMD5Password(byte[] salt) {
    super(CODE, requireSaltLength(salt), "salt");
  }

  private static byte[] requireSaltLength(byte[] salt) {
    if (salt != null && salt.length != SALT_LENGTH) {
      throw new IllegalArgumentException("salt must be 4 bytes, was " + salt.length);
    }
    return salt;
  }

  static AuthenticationMD5Password decode(ByteBuf body) {
    return new AuthenticationMD5Password(PgBuffers.readByteArray(body, SALT_LENGTH));
  }

  public byte[] salt() {
    return bytes();
  }

  @Override
  public String toString() {
    return "AuthenticationMD5Password";
  }
}
