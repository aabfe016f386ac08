package io.dbwarden.sidecar.audit;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Lines to a stream, stdout by default. A stream cannot take back a partly written batch, and it
 * has no earlier records to continue a chain from: each run starts a new chain.
 */
public final class StreamAuditOutput implements AuditOutput {

  private final OutputStream out;
  private final String name;

  public StreamAuditOutput(OutputStream out, String name) {
    this.out = Objects.requireNonNull(out, "out must not be null");
    this.name = Objects.requireNonNull(name, "name must not be null");
  }

  /**
   * The process's standard output, written directly: unlike {@code System.out}, which swallows
   * write errors, a closed or full stdout is reported, so strict mode can stop traffic.
   */
  public static StreamAuditOutput stdout() {
    return new StreamAuditOutput(new FileOutputStream(FileDescriptor.out), "stdout");
  }

  @Override
  public String chainHead() {
    return null;
  }

  @Override
  public void append(byte[] lines, int offset, int length) throws IOException {
    out.write(lines, offset, length);
    out.flush();
  }

  @Override
  public String describe() {
    return name;
  }

  @Override
  public void close() throws IOException {
    out.flush();
  }
}
