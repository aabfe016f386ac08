package io.dbwarden.sidecar.policy.file;

import io.dbwarden.api.policy.ParsedPolicy;
import io.dbwarden.api.policy.PolicyDocuments;
import io.dbwarden.api.policy.PolicyVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/** Reads one policy file into a {@link LoadedPolicy}, or says everything wrong with it. */
public final class PolicyFiles {

  /** Larger than any ConfigMap can be; a bigger file is a mistake, not a policy. */
  static final int MAX_BYTES = 2 * 1024 * 1024;

  private PolicyFiles() {}

  /**
   * Reads, validates and binds the policy in {@code file}.
   *
   * @throws PolicyFileException listing every problem, if the file is missing, unreadable or
   *     invalid
   */
  public static LoadedPolicy load(Path file) throws PolicyFileException {
    return parse(file, read(file));
  }

  /** The file's bytes, refusing what is too large to be a policy. */
  static byte[] read(Path file) throws PolicyFileException {
    Objects.requireNonNull(file, "file must not be null");
    try (InputStream in = Files.newInputStream(file)) {
      // Read one byte past the limit to know it was exceeded without reading the whole file.
      byte[] content = in.readNBytes(MAX_BYTES + 1);
      if (content.length > MAX_BYTES) {
        throw new PolicyFileException(
            file, "the file is larger than " + MAX_BYTES / (1024 * 1024) + " MiB", null);
      }
      return content;
    } catch (NoSuchFileException e) {
      throw new PolicyFileException(file, "the file does not exist", e);
    } catch (PolicyFileException e) {
      throw e;
    } catch (IOException e) {
      throw new PolicyFileException(file, "cannot read the file: " + e, e);
    }
  }

  /** Parses bytes read from {@code file}. */
  static LoadedPolicy parse(Path file, byte[] content) throws PolicyFileException {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(content))
              .toString();
    } catch (CharacterCodingException e) {
      throw new PolicyFileException(file, "the file is not UTF-8 text", e);
    }
    ParsedPolicy parsed = PolicyDocuments.parse(text);
    if (!parsed.isValid()) {
      throw new PolicyFileException(file, parsed.problems());
    }
    return new LoadedPolicy(parsed.policy(), PolicyVersion.of(parsed.policy().getSpec()), file);
  }
}
