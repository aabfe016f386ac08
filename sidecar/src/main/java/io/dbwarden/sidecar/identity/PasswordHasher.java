package io.dbwarden.sidecar.identity;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * Turns a password into the SCRAM-SHA-256 verifier the users file stores, for {@code dbwarden
 * hash-password}. The result is what PostgreSQL stores for {@code CREATE ROLE ... PASSWORD} with
 * the default {@code scram_sha_256_iterations} (<a
 * href="https://www.postgresql.org/docs/current/runtime-config-connection.html#GUC-SCRAM-SHA-256-ITERATIONS">4096</a>),
 * so verifiers can be moved between the two.
 */
public final class PasswordHasher {

  /** The iteration count of new verifiers, PostgreSQL's default. */
  public static final int ITERATIONS = 4096;

  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHasher() {}

  /** A verifier {@code SCRAM-SHA-256$4096:<salt>$<StoredKey>:<ServerKey>} with a fresh salt. */
  public static String hash(String password) {
    Objects.requireNonNull(password, "password must not be null");
    return ScramCredential.fromPassword(password, ITERATIONS, RANDOM).format();
  }
}
