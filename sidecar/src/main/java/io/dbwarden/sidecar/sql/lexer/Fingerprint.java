package io.dbwarden.sidecar.sql.lexer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The fingerprint of a normalized statement: 64 bits of its SHA-256, in lower-case hex. */
final class Fingerprint {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  // MessageDigest.getInstance looks up providers each time; event-loop threads keep one each.
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-256 is not available", e);
            }
          });

  private Fingerprint() {}

  static String of(String normalized) {
    byte[] digest = SHA_256.get().digest(normalized.getBytes(StandardCharsets.UTF_8));
    char[] hex = new char[16];
    for (int i = 0; i < 8; i++) {
      hex[2 * i] = HEX[(digest[i] >> 4) & 0xF];
      hex[2 * i + 1] = HEX[digest[i] & 0xF];
    }
    return new String(hex);
  }
}
