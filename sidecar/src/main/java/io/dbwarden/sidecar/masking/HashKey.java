package io.dbwarden.sidecar.masking;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The key of the {@code hash} strategy: HMAC-SHA-256 computed by the database itself with {@code
 * sha256()} (PostgreSQL 11+), as {@code H((K ^ opad) || H((K ^ ipad) || value))} (RFC 2104). The
 * padded keys travel in the rewritten statement's text, so whoever can read the database's
 * statement log (pg_stat_activity, log_statement) can compute the same hashes; to the client they
 * are never shown. Give every proxy of one deployment the same key for hashes that compare across
 * proxies; a fresh random key otherwise.
 */
public final class HashKey {

  private static final int BLOCK = 64;

  private final String innerPadHex;
  private final String outerPadHex;

  private HashKey(byte[] key) {
    Objects.requireNonNull(key, "key must not be null");
    if (key.length == 0 || key.length > BLOCK) {
      throw new IllegalArgumentException("a hash key has 1 to 64 bytes");
    }
    byte[] inner = new byte[BLOCK];
    byte[] outer = new byte[BLOCK];
    for (int i = 0; i < BLOCK; i++) {
      byte k = i < key.length ? key[i] : 0;
      inner[i] = (byte) (k ^ 0x36);
      outer[i] = (byte) (k ^ 0x5c);
    }
    this.innerPadHex = HexFormat.of().formatHex(inner);
    this.outerPadHex = HexFormat.of().formatHex(outer);
  }

  public static HashKey of(byte[] key) {
    return new HashKey(key.clone());
  }

  /** A random key, for one proxy's lifetime. */
  public static HashKey random() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return new HashKey(key);
  }

  /** SQL computing the lower-case hex HMAC of a text expression. */
  String hmacHex(String textExpression) {
    return "encode(sha256(decode('"
        + outerPadHex
        + "', 'hex') || sha256(decode('"
        + innerPadHex
        + "', 'hex') || convert_to("
        + textExpression
        + ", 'UTF8'))), 'hex')";
  }

  @Override
  public String toString() {
    return "HashKey[hidden]";
  }
}
