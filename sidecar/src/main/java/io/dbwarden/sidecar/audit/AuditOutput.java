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
   * Appends whole lines. When it throws, the output should hold none of them: a file output cuts
   * off what it wrote of them, so that writing them again after {@link #recover} leaves no partial
   * or repeated line.
   */
  void append(byte[] lines, int length) throws IOException;

  /** Tries to make the output writable again after a failed append (e.g. reopens a file). */
  default void recover() throws IOException {}

  /** For messages: {@code stdout}, {@code audit file /var/log/dbwarden/audit.jsonl}. */
  String describe();
}
