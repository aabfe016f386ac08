package io.dbwarden.sidecar.identity;

import java.io.IOException;
import java.util.Objects;

/**
 * The static users file cannot be used. The message reads {@code <file>: <path>: <problem>}, e.g.
 * {@code users.yaml: users[1].password: must be a SCRAM-SHA-256 verifier; run 'dbwarden
 * hash-password'}; it never contains a password.
 */
public final class UsersFileException extends IOException {

  private static final long serialVersionUID = 1L;

  private final String path;

  /**
   * @param file the file, as the operator named it
   * @param path where in the file, e.g. {@code users[1].password}
   * @param problem what is wrong there
   */
  public UsersFileException(String file, String path, String problem) {
    super(file + ": " + path + ": " + problem);
    this.path = Objects.requireNonNull(path, "path must not be null");
  }

  /** Where in the file the problem is, e.g. {@code users[1].password}. */
  public String path() {
    return path;
  }
}
