package io.dbwarden.sidecar.policy.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What can be learnt about a file without reading it: modification time, size and identity (inode),
 * all of the file a symlink chain ends at. A ConfigMap update swaps the {@code ..data} symlink to a
 * new directory, which shows here as a new identity even when time and size happen to match.
 */
record FileStamp(Instant modified, long size, Object fileKey) {

  /**
   * Modification times are only as fine as the file system keeps them; a change within the same
   * tick as the last one looks unchanged. Until a file is this old its content is compared too.
   */
  private static final Duration SETTLE = Duration.ofSeconds(2);

  /** The stamp of {@code file}, or empty if it does not exist. */
  static Optional<FileStamp> of(Path file) throws IOException {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return Optional.of(
          new FileStamp(
              attributes.lastModifiedTime().toInstant(), attributes.size(), attributes.fileKey()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** Whether a stamp equal to this one proves the content is unchanged. */
  boolean settled(Instant now) {
    return Duration.between(modified, now).compareTo(SETTLE) > 0;
  }
}
