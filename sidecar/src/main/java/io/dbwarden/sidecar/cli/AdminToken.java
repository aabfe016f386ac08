package io.dbwarden.sidecar.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The secret that authenticates actions on the admin port (deciding approvals). {@code run} and
 * {@code demo} create one in a file only their user can read, unless given one; {@code approvals}
 * reads it from the same place.
 */
final class AdminToken {

  private AdminToken() {}

  /** Where the token is kept unless a flag says otherwise. */
  static Path defaultFile() {
    return Path.of(System.getProperty("user.home"), ".dbwarden", "admin-token");
  }

  /** The token in {@code file}, created there (readable by its owner only) when missing. */
  static String readOrCreate(Path file) throws IOException {
    if (Files.isRegularFile(file)) {
      return read(file);
    }
    byte[] secret = new byte[24];
    new SecureRandom().nextBytes(secret);
    String token = HexFormat.of().formatHex(secret);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".admin-token", "");
    try {
      Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the directory's permissions protect it
    }
    Files.writeString(temporary, token + "\n", StandardCharsets.UTF_8);
    Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return token;
  }

  static String read(Path file) throws IOException {
    String token = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (token.isEmpty()) {
      throw new IOException("the admin token file " + file + " is empty");
    }
    return token;
  }
}
