package io.dbwarden.sidecar.masking;

import io.dbwarden.sidecar.pg.protocol.backend.DataRow;
import io.dbwarden.sidecar.pg.protocol.backend.RowDescription;
import io.netty.buffer.ByteBufAllocator;

/**
 * The transformation step every result row passes on its way to the client. One instance serves one
 * statement's results; it sees the statement's RowDescription before its rows.
 */
public interface RowTransformer {

  /** Passes rows through untouched (no allocation, no copy). */
  RowTransformer IDENTITY =
      new RowTransformer() {
        @Override
        public RowDescription describe(RowDescription description) {
          return description;
        }

        @Override
        public DataRow transform(RowDescription description, DataRow row, Context context) {
          return row;
        }
      };

  /** Returns the description the client sees. */
  RowDescription describe(RowDescription description);

  /**
   * Returns the row the client sees. When it returns a different row it releases {@code row}; the
   * caller owns whatever is returned.
   *
   * @param description the description of the result this row belongs to, as the server sent it
   *     (null when the client ran the statement without describing it first)
   * @param context where to allocate, and where to count replaced values
   */
  DataRow transform(RowDescription description, DataRow row, Context context);

  /**
   * Told that a statement completed with rows that never passed as DataRows ({@code COPY ... TO
   * STDOUT} sends CopyData): they can only be counted.
   */
  default void unseenRows(long rows, Context context) {}

  /**
   * One statement run, as a transformer sees it. A transformer serves every run of a prepared
   * statement, so per-run facts live here, not in the transformer.
   */
  interface Context {
    ByteBufAllocator alloc();

    /** Records values replaced in the current row, for the statement's audit record. */
    void masked(long values);

    /**
     * Records that values of a column were masked, for the statement's audit record ({@code
     * result.masked_columns}) and the lineage report: the stored column ({@code
     * schema.table.column}) where known, else the result column's name.
     */
    default void maskedColumn(String column) {}

    /** Which statement of its Query the current result belongs to, from 0. */
    default int statement() {
      return 0;
    }
  }
}
