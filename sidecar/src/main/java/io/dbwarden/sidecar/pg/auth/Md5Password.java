package io.dbwarden.sidecar.pg.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The answer to AuthenticationMD5Password for the proxy's own upstream login (<a
 * href="https://www.postgresql.org/docs/current/auth-password.html">Password Authentication</a>, <a
 * href="https://www.postgresql.org/docs/current/protocol-flow.html">Protocol Flow</a>): {@code
 * "md5" + hex(md5(hex(md5(password + user)) + salt))}. MD5 is deprecated in PostgreSQL; it is here
 * only for upstream servers that still require it.
 */
public final class Md5Password {

  private Md5Password() {}

  /**
   * The PasswordMessage payload for an MD5 challenge.
   *
   * @param user the user name sent in the startup message
   * @param password the password
   * @param salt the four salt bytes of AuthenticationMD5Password
   * @return the 35 ASCII bytes {@code md5<32 hex digits>}, without the terminating NUL the wire
   *     format's String adds
   */
  public static byte[] encode(String user, String password, byte[] salt) {
    Objects.requireNonNull(user, "user must not be null");
    Objects.requireNonNull(password, "password must not be null");
    Objects.requireNonNull(salt, "salt must not be null");
    if (salt.length != 4) {
      throw new IllegalArgumentException("salt must be 4 bytes");
    }
    HexFormat hex = HexFormat.of();
    String inner = hex.formatHex(md5((password + user).getBytes(StandardCharsets.UTF_8)));
    byte[] innerBytes = inner.getBytes(StandardCharsets.US_ASCII);
    byte[] salted = new byte[innerBytes.length + salt.length];
    System.arraycopy(innerBytes, 0, salted, 0, innerBytes.length);
    System.arraycopy(salt, 0, salted, innerBytes.length, salt.length);
    return ("md5" + hex.formatHex(md5(salted))).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] md5(byte[] bytes) {
    try {
      return MessageDigest.getInstance("MD5").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is not available", e);
    }
  }
}
