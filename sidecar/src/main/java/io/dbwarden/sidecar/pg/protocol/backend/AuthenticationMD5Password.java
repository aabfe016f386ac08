package io.dbwarden.sidecar.pg.protocol.backend;

import io.dbwarden.sidecar.pg.protocol.PgBuffers;
import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;

/** AuthenticationMD5Password ('R', 5): send the MD5-hashed password, salted with {@link #salt}. */
public final class AuthenticationMD5Password implements BackendMessage {

  static final int CODE = 5;

  private static final int SALT_LENGTH = 4;

  private final byte[] salt;

  public AuthenticationMD5Password(byte[] salt) {
    if (salt == null) {
      throw new NullPointerException("salt must not be null");
    }
    if (salt.length != SALT_LENGTH) {
      throw new IllegalArgumentException("salt must be 4 bytes, was " + salt.length);
    }
    this.salt = salt.clone();
  }

  static AuthenticationMD5Password decode(ByteBuf body) {
    return new AuthenticationMD5Password(PgBuffers.readByteArray(body, SALT_LENGTH));
  }

  public byte[] salt() {
    return salt.clone();
  }

  @Override
  public ByteBuf encode(ByteBufAllocator alloc) {
    ByteBuf buf = PgFrames.beginTyped(alloc, 'R');
    buf.writeInt(CODE);
    buf.writeBytes(salt);
    return PgFrames.endTyped(buf);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuthenticationMD5Password other && Arrays.equals(salt, other.salt);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(salt);
  }

  @Override
  public String toString() {
    return "AuthenticationMD5Password";
  }
}
