package io.dbwarden.sidecar.pg.protocol.backend;

import io.dbwarden.sidecar.pg.protocol.FrameHolder;
import io.dbwarden.sidecar.pg.protocol.PgBuffers;
import io.dbwarden.sidecar.pg.protocol.PgFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import java.util.Objects;

/**
 * DataRow ('D'): one result row. Holds its frame (see {@link FrameHolder}): must be released.
 * Column offsets are found on first access only, since most rows pass through unread.
 */
public final class DataRow extends FrameHolder implements BackendMessage {

  /** Type byte, length, Int16 column count. */
  private static final int COLUMNS_OFFSET = PgFrames.TYPED_HEADER_LENGTH + 2;

  private final int columnCount;

  /** Per column: frame offset at {@code 2*i}, length (-1 for NULL) at {@code 2*i+1}. */
  private volatile int[] bounds;

  private DataRow(ByteBuf frame, int columnCount) {
    super(frame);
    this.columnCount = columnCount;
  }

  /**
   * Builds a row; column bytes are copied (null entries are SQL NULL) and the caller keeps
   * ownership of them.
   */
  public static DataRow of(ByteBufAllocator alloc, List<ByteBuf> columns) {
    Objects.requireNonNull(columns, "columns must not be null");
    ByteBuf buf = PgFrames.beginTyped(alloc, 'D');
    try {
      PgBuffers.writeValues(buf, columns);
      PgFrames.endTyped(buf).skipBytes(PgFrames.TYPED_HEADER_LENGTH);
      return decode(buf);
    } finally {
      buf.release();
    }
  }

  static DataRow decode(ByteBuf frame) {
    int columnCount = frame.readUnsignedShort();
    // Validate the column lengths now, without recording them.
    PgBuffers.readValues(frame, columnCount, null);
    return new DataRow(frame.retainedSlice(0, frame.writerIndex()), columnCount);
  }

  public int columnCount() {
    return columnCount;
  }

  /**
   * The value of column {@code i} as a view valid while this row is not released, or null for SQL
   * NULL.
   */
  public ByteBuf column(int i) {
    Objects.checkIndex(i, columnCount);
    int[] b = bounds();
    return b[2 * i + 1] < 0 ? null : frameSlice(b[2 * i], b[2 * i + 1]);
  }

  private int[] bounds() {
    int[] b = bounds;
    if (b == null) {
      b = new int[2 * columnCount];
      ByteBuf walk = frame().duplicate();
      walk.readerIndex(walk.readerIndex() + COLUMNS_OFFSET);
      PgBuffers.readValues(walk, columnCount, b);
      for (int i = 0; i < b.length; i += 2) {
        b[i] -= frame().readerIndex();
      }
      bounds = b;
    }
    return b;
  }

  @Override
  public String toString() {
    return "DataRow{columns=" + columnCount + ", sizes=" + PgBuffers.valueSizes(bounds()) + "}";
  }
}
