package io.dbwarden.sidecar.pg.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SCRAM-SHA-256 functions shared by the server side (clients logging in to the proxy) and the
 * client side (the proxy logging in upstream), as defined in <a
 * href="https://www.rfc-editor.org/rfc/rfc5802#section-2.2">RFC 5802 §2.2 and §3</a> with the hash
 * fixed to SHA-256 by <a href="https://www.rfc-editor.org/rfc/rfc7677">RFC 7677</a>.
 *
 * <p>{@code Hi()} is PBKDF2 with HMAC-SHA-256 and a 32-byte output, which is what the JDK's {@code
 * PBKDF2WithHmacSHA256} computes; the password is first prepared with {@link SaslPrep} as <a
 * href="https://www.postgresql.org/docs/current/sasl-authentication.html">PostgreSQL</a> does.
 */
public final class Scram {

  /** The SASL mechanism name PostgreSQL offers in AuthenticationSASL. */
  public static final String MECHANISM = "SCRAM-SHA-256";

  /** Length in bytes of every SCRAM-SHA-256 key, proof and signature. */
  public static final int KEY_LENGTH = 32;

  /** Raw random bytes in a nonce; PostgreSQL uses 18 (SCRAM_RAW_NONCE_LEN). */
  private static final int NONCE_BYTES = 18;

  private Scram() {}

  /** {@code SaltedPassword := Hi(Normalize(password), salt, i)}. */
  public static byte[] saltedPassword(String password, byte[] salt, int iterations) {
    Objects.requireNonNull(password, "password must not be null");
    Objects.requireNonNull(salt, "salt must not be null");
    char[] prepared = SaslPrep.prepare(password).toCharArray();
    PBEKeySpec spec = new PBEKeySpec(prepared, salt, iterations, KEY_LENGTH * 8);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
    } finally {
      spec.clearPassword();
    }
  }

  /** {@code ClientKey := HMAC(SaltedPassword, "Client Key")}. */
  public static byte[] clientKey(byte[] saltedPassword) {
    return hmac(saltedPassword, "Client Key");
  }

  /** {@code ServerKey := HMAC(SaltedPassword, "Server Key")}. */
  public static byte[] serverKey(byte[] saltedPassword) {
    return hmac(saltedPassword, "Server Key");
  }

  /** {@code StoredKey := H(ClientKey)}. */
  public static byte[] storedKey(byte[] clientKey) {
    return sha256(clientKey);
  }

  /** HMAC-SHA-256 of a UTF-8 string. */
  public static byte[] hmac(byte[] key, String message) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(message, "message must not be null");
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** SHA-256 of the given bytes. */
  public static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** Byte-wise XOR of two arrays of the same length. */
  public static byte[] xor(byte[] a, byte[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("xor operands differ in length");
    }
    byte[] result = new byte[a.length];
    for (int i = 0; i < a.length; i++) {
      result[i] = (byte) (a[i] ^ b[i]);
    }
    return result;
  }

  /**
   * A fresh nonce: random bytes, base64 encoded, so it only holds printable characters other than
   * {@code ,} as RFC 5802 requires.
   */
  public static String nonce(SecureRandom random) {
    byte[] raw = new byte[NONCE_BYTES];
    random.nextBytes(raw);
    return Base64.getEncoder().encodeToString(raw);
  }

  /**
   * The value of one {@code name=value} attribute of a SCRAM message.
   *
   * @throws IllegalArgumentException when {@code part} is not attribute {@code name}
   */
  public static String attribute(String part, char name) {
    if (part.length() < 2 || part.charAt(0) != name || part.charAt(1) != '=') {
      throw new IllegalArgumentException("expected attribute '" + name + "'");
    }
    return part.substring(2);
  }

  /**
   * Decodes a base64 attribute value.
   *
   * @throws IllegalArgumentException when the value is not valid base64
   */
  public static byte[] decodeBase64(String value, char name) {
    try {
      return Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("attribute '" + name + "' is not valid base64", e);
    }
  }
}
