package io.dbwarden.sidecar.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbwarden.api.bundle.PolicyBundle;
import io.dbwarden.api.policy.PolicyJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;

/**
 * The last good bundle on disk, so a sidecar that restarts while the operator is away enforces what
 * it enforced before instead of refusing everything. Written to a temporary file in the same
 * directory and moved over the old one, so a crash mid-write leaves the previous bundle whole.
 */
public final class BundleStore {

  static final String FILE = "bundle.json";

  private static final ObjectMapper TREES = new ObjectMapper();

  private final Path directory;

  /** A store in {@code directory}, created when the first bundle is saved. */
  public BundleStore(Path directory) {
    this.directory = Objects.requireNonNull(directory, "directory must not be null");
  }

  /** The saved bundle; empty when there is none. */
  public Optional<PolicyBundle> load() throws IOException {
    String text;
    try {
      text = Files.readString(directory.resolve(FILE), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    try {
      return Optional.of(PolicyJson.fromTree(TREES.readTree(text), PolicyBundle.class));
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException("the saved bundle " + directory.resolve(FILE) + " is unreadable", e);
    }
  }

  /** Replaces the saved bundle with {@code bundle}. */
  public void save(PolicyBundle bundle) throws IOException {
    Files.createDirectories(directory);
    Path temporary = Files.createTempFile(directory, FILE, ".tmp");
    try {
      Files.writeString(temporary, PolicyJson.toJson(bundle), StandardCharsets.UTF_8);
      try {
        Files.move(
            temporary,
            directory.resolve(FILE),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, directory.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
