package io.dbwarden.sidecar.identity;

import io.dbwarden.sidecar.pg.auth.Scram;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * What a server stores to verify a SCRAM-SHA-256 login without knowing the password (<a
 * href="https://www.rfc-editor.org/rfc/rfc5802#section-3">RFC 5802 §3</a>), written in PostgreSQL's
 * verifier format as found in {@code pg_authid.rolpassword} (<a
 * href="https://www.postgresql.org/docs/current/catalog-pg-authid.html">pg_authid</a>): {@code
 * SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>}, all three values base64.
 *
 * <p>Arrays are copied in and out, so an instance is immutable.
 *
 * @param iterations the PBKDF2 iteration count, at least 1
 * @param salt the salt, not empty
 * @param storedKey {@code H(ClientKey)}, 32 bytes
 * @param serverKey {@code HMAC(SaltedPassword, "Server Key")}, 32 bytes
 */
public record ScramCredential(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {

  /** Salt length of new credentials; PostgreSQL's SCRAM_DEFAULT_SALT_LEN. */
  public static final int SALT_LENGTH = 16;

  private static final String PREFIX = Scram.MECHANISM + "$";

  public ScramCredential {
    Objects.requireNonNull(salt, "salt must not be null");
    Objects.requireNonNull(storedKey, "storedKey must not be null");
    Objects.requireNonNull(serverKey, "serverKey must not be null");
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be at least 1");
    }
    if (salt.length == 0) {
      throw new IllegalArgumentException("salt must not be empty");
    }
    if (storedKey.length != Scram.KEY_LENGTH || serverKey.length != Scram.KEY_LENGTH) {
      throw new IllegalArgumentException("StoredKey and ServerKey must be 32 bytes");
    }
    salt = salt.clone();
    storedKey = storedKey.clone();
    serverKey = serverKey.clone();
  }

  /**
   * A new credential for {@code password} with a random salt, as {@code CREATE ROLE ... PASSWORD}
   * computes it in PostgreSQL.
   */
  public static ScramCredential fromPassword(String password, int iterations, SecureRandom random) {
    Objects.requireNonNull(password, "password must not be null");
    Objects.requireNonNull(random, "random must not be null");
    byte[] salt = new byte[SALT_LENGTH];
    random.nextBytes(salt);
    return fromPassword(password, salt, iterations);
  }

  /** The credential for {@code password} with the given salt. */
  static ScramCredential fromPassword(String password, byte[] salt, int iterations) {
    byte[] salted = Scram.saltedPassword(password, salt, iterations);
    return new ScramCredential(
        iterations, salt, Scram.storedKey(Scram.clientKey(salted)), Scram.serverKey(salted));
  }

  /**
   * A made-up credential for a user that does not exist, derived from a server secret and the user
   * name so that it is the same on every attempt (a changing salt would reveal that the user is
   * unknown) and nobody without the secret can compute it.
   */
  static ScramCredential mock(String user, byte[] mockSecret, int iterations) {
    Objects.requireNonNull(user, "user must not be null");
    Objects.requireNonNull(mockSecret, "mockSecret must not be null");
    return new ScramCredential(
        iterations,
        Arrays.copyOf(Scram.hmac(mockSecret, "scram-mock-salt:" + user), SALT_LENGTH),
        Scram.hmac(mockSecret, "scram-mock-stored-key:" + user),
        Scram.hmac(mockSecret, "scram-mock-server-key:" + user));
  }

  /**
   * Parses PostgreSQL's verifier format.
   *
   * @throws IllegalArgumentException when {@code verifier} is not a SCRAM-SHA-256 verifier; the
   *     message never contains the input, which may be a plain-text password by mistake
   */
  public static ScramCredential parse(String verifier) {
    Objects.requireNonNull(verifier, "verifier must not be null");
    if (!isVerifier(verifier)) {
      throw new IllegalArgumentException("not a SCRAM-SHA-256 verifier");
    }
    String[] parts = verifier.substring(PREFIX.length()).split("\\$", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "malformed SCRAM-SHA-256 verifier: expected <iterations>:<salt>$<StoredKey>:<ServerKey>");
    }
    String[] iterationsAndSalt = parts[0].split(":", -1);
    String[] keys = parts[1].split(":", -1);
    if (iterationsAndSalt.length != 2 || keys.length != 2) {
      throw new IllegalArgumentException(
          "malformed SCRAM-SHA-256 verifier: expected <iterations>:<salt>$<StoredKey>:<ServerKey>");
    }
    int iterations;
    try {
      iterations = Integer.parseInt(iterationsAndSalt[0]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "malformed SCRAM-SHA-256 verifier: iteration count is not a number", e);
    }
    try {
      Base64.Decoder decoder = Base64.getDecoder();
      return new ScramCredential(
          iterations,
          decoder.decode(iterationsAndSalt[1]),
          decoder.decode(keys[0]),
          decoder.decode(keys[1]));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed SCRAM-SHA-256 verifier: " + e.getMessage(), e);
    }
  }

  /** Whether {@code value} claims to be a SCRAM-SHA-256 verifier (has its prefix). */
  public static boolean isVerifier(String value) {
    return value.startsWith(PREFIX);
  }

  /** This credential in PostgreSQL's verifier format. */
  public String format() {
    Base64.Encoder encoder = Base64.getEncoder();
    return PREFIX
        + iterations
        + ":"
        + encoder.encodeToString(salt)
        + "$"
        + encoder.encodeToString(storedKey)
        + ":"
        + encoder.encodeToString(serverKey);
  }

  @Override
  public byte[] salt() {
    return salt.clone();
  }

  @Override
  public byte[] storedKey() {
    return storedKey.clone();
  }

  @Override
  public byte[] serverKey() {
    return serverKey.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScramCredential other
        && iterations == other.iterations
        && Arrays.equals(salt, other.salt)
        && Arrays.equals(storedKey, other.storedKey)
        && Arrays.equals(serverKey, other.serverKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        iterations, Arrays.hashCode(salt), Arrays.hashCode(storedKey), Arrays.hashCode(serverKey));
  }

  /** Shows the iteration count only: the keys allow an offline dictionary attack. */
  @Override
  public String toString() {
    return "ScramCredential[iterations=" + iterations + "]";
  }
}
