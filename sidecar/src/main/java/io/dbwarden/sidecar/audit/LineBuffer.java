package io.dbwarden.sidecar.audit;

import java.io.ByteArrayOutputStream;

/**
 * The lines of one batch, built in place: records are serialized, hashed and written from this one
 * reusable array, never copied.
 */
final class LineBuffer extends ByteArrayOutputStream {

  LineBuffer() {
    super(64 * 1024);
  }

  byte[] array() {
    return buf;
  }

  /** Drops what was written after the first {@code size} bytes. */
  void cut(int size) {
    count = size;
  }

  /** The lines that end within {@code length} bytes from {@code offset}. */
  int lines(int offset, int length) {
    int n = 0;
    for (int i = offset; i < offset + length; i++) {
      if (buf[i] == '\n') {
        n++;
      }
    }
    return n;
  }
}
