package io.dbwarden.sidecar.audit;

import java.io.Closeable;
import java.io.IOException;

/**
 * Where a {@link JsonLinesAuditSink} puts its lines: a stream or a rotating file. Only ever called
 * from the sink's writer thread.
 */
public interface AuditOutput extends Closeable {

  /**
   * The hash of the last record already in this output, which the next record continues from; null
   * when there is none (a new chain starts at the genesis hash).
   */
  String chainHead() throws IOException;

  /**
   * Appends whole lines: {@code length} bytes from {@code offset}. When it throws, the output
   * should hold none of them past the bytes a {@link PartialWriteException} says were committed: a
   * file output cuts off what it wrote beyond, so that writing the rest again after {@link
   * #recover} leaves no partial or repeated line.
   */
  void append(byte[] lines, int offset, int length) throws IOException;

  /** An append that failed after committing its first {@link #committed()} bytes (whole lines). */
  final class PartialWriteException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int committed;

    public PartialWriteException(int committed, IOException cause) {
      super(cause.getMessage(), cause);
      this.committed = committed;
    }

    public int committed() {
      return committed;
    }
  }

  /** Tries to make the output writable again after a failed append (e.g. reopens a file). */
  default void recover() throws IOException {}

  /** For messages: {@code stdout}, {@code audit file /var/log/dbwarden/audit.jsonl}. */
  String describe();
}
