package io.dbwarden.sidecar.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Lines to a file that is rotated when it would grow past a size: {@code audit.jsonl} becomes
 * {@code audit.jsonl.1}, {@code .1} becomes {@code .2} and so on, and the oldest beyond {@code
 * keep} is deleted. The chain runs on across rotation and across restarts: the first record of a
 * new file links to the last record of the one before.
 *
 * <p>A failed append cuts the file back to where the batch began, so a retry writes the batch
 * whole, once. After a failure the file is reopened before the next try, which is how the output
 * recovers when the disk has room again or the file is writable again.
 */
public final class RotatingFileAuditOutput implements AuditOutput {

  private static final System.Logger LOG =
      System.getLogger(RotatingFileAuditOutput.class.getName());

  private final Path file;
  private final long maxBytes;
  private final int keep;
  private FileChannel channel;
  private long size;

  /**
   * @param maxBytes the size past which the file is rotated
   * @param keep how many rotated files are kept (at least 1)
   */
  public RotatingFileAuditOutput(Path file, long maxBytes, int keep) {
    this.file = Objects.requireNonNull(file, "file must not be null");
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive");
    }
    if (keep < 1) {
      throw new IllegalArgumentException("keep must be at least 1");
    }
    this.maxBytes = maxBytes;
    this.keep = keep;
  }

  /** The file written now. */
  public Path file() {
    return file;
  }

  /** The n-th rotated file ({@code audit.jsonl.n}). */
  public Path rotated(int n) {
    return file.resolveSibling(file.getFileName() + "." + n);
  }

  @Override
  public String chainHead() throws IOException {
    String head = lastHash(file);
    return head != null ? head : lastHash(rotated(1));
  }

  /** The hash of the last complete line of a regular file, or null. */
  private static String lastHash(Path path) throws IOException {
    if (!Files.isRegularFile(path) || Files.size(path) == 0) {
      return null;
    }
    try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
      long end = in.size();
      // Lines are a few kilobytes at most; read backwards until a whole last line is in view.
      int window = 8192;
      while (true) {
        long start = Math.max(0, end - window);
        ByteBuffer buffer = ByteBuffer.allocate((int) (end - start));
        in.read(buffer, start);
        String tail = new String(buffer.array(), StandardCharsets.UTF_8);
        // A partial last line (a crash mid-write) is cut off when the file is opened: the chain
        // continues from the last whole line.
        String whole = tail.substring(0, tail.lastIndexOf('\n') + 1);
        if (whole.isEmpty() && start > 0) {
          window *= 4;
          continue;
        }
        String trimmed = whole.isEmpty() ? "" : whole.substring(0, whole.length() - 1);
        if (trimmed.isEmpty() && start == 0) {
          return null;
        }
        int newline = trimmed.lastIndexOf('\n');
        if (newline >= 0 || start == 0) {
          String line = trimmed.substring(newline + 1);
          JsonNode record = AuditJson.mapper().readTree(line);
          JsonNode hash = record == null ? null : record.get("hash");
          if (hash == null || !hash.isTextual()) {
            throw new IOException(path + ": the last line is not an audit record with a hash");
          }
          return hash.asText();
        }
        window *= 4;
      }
    }
  }

  private void open() throws IOException {
    channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
    size = Files.isRegularFile(file) ? channel.size() : 0;
    if (size > 0 && !endsWithNewline()) {
      // A batch cut short by a crash: its records were never complete, and a verifier would
      // stumble over the partial line.
      long cut = lastNewline() + 1;
      LOG.log(
          System.Logger.Level.WARNING,
          "{0}: cutting off a partial last line ({1} bytes)",
          file,
          size - cut);
      channel.truncate(cut);
      size = cut;
    }
    if (Files.isRegularFile(file)) {
      channel.position(size);
    }
  }

  private boolean endsWithNewline() throws IOException {
    ByteBuffer last = ByteBuffer.allocate(1);
    channel.read(last, size - 1);
    return last.get(0) == '\n';
  }

  private long lastNewline() throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    for (long at = size - 1; at >= 0; at--) {
      one.clear();
      channel.read(one, at);
      if (one.get(0) == '\n') {
        return at;
      }
    }
    return -1;
  }

  @Override
  public void append(byte[] lines, int offset, int length) throws IOException {
    int end = offset + length;
    int at = offset;
    while (at < end) {
      try {
        if (channel == null) {
          open();
        }
        // As many whole lines as fit; at least one, into an empty file.
        int cut = at;
        for (int i = at; i < end; i++) {
          if (lines[i] == '\n') {
            if (size + (i + 1 - at) > maxBytes && (size > 0 || cut > at)) {
              break;
            }
            cut = i + 1;
          }
        }
        if (cut == at) {
          rotate();
          continue;
        }
        write(lines, at, cut - at);
        at = cut;
      } catch (IOException e) {
        throw at == offset ? e : new PartialWriteException(at - offset, e);
      }
    }
  }

  private void write(byte[] lines, int offset, int length) throws IOException {
    long mark = size;
    try {
      ByteBuffer buffer = ByteBuffer.wrap(lines, offset, length);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      size += length;
    } catch (IOException e) {
      undo(mark);
      throw e;
    }
  }

  /** Cuts the file back to before a failed batch, and closes it so the next try reopens it. */
  private void undo(long mark) {
    try {
      if (Files.isRegularFile(file)) {
        channel.truncate(mark);
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "{0}: cannot cut off a failed batch: {1}", file, e);
    }
    closeQuietly();
  }

  private void rotate() throws IOException {
    closeQuietly();
    if (!Files.isRegularFile(file)) {
      open();
      return;
    }
    Files.deleteIfExists(rotated(keep));
    for (int n = keep - 1; n >= 1; n--) {
      if (Files.exists(rotated(n))) {
        Files.move(rotated(n), rotated(n + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
    open();
  }

  @Override
  public void recover() throws IOException {
    closeQuietly();
    open();
  }

  @Override
  public String describe() {
    return "audit file " + file;
  }

  private void closeQuietly() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "closing {0}: {1}", file, e);
      }
      channel = null;
    }
  }

  @Override
  public void close() {
    closeQuietly();
  }
}
