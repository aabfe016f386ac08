package io.dbwarden.sidecar.sql.analysis;

import java.util.Objects;

/**
 * Where a statement names a stored relation it reads, so that the reference can be replaced in the
 * text (masking at the source rewrites it into a masking subquery). Positions are indices into the
 * statement's significant tokens (comments left out), which are the same for every statement with
 * the same fingerprint, so the reference holds for a cached analysis too.
 *
 * @param table the relation, resolved
 * @param start index of the first token of the name
 * @param end index just past the last token of the name ({@link Kind#COPY_TABLE}: past the column
 *     list, when there is one)
 * @param aliased whether an alias follows the name (else the name itself is how the statement
 *     refers to the relation)
 * @param kind where the reference stands
 */
public record TableReference(TableRef table, int start, int end, boolean aliased, Kind kind) {

  public TableReference {
    Objects.requireNonNull(table, "table must not be null");
    Objects.requireNonNull(kind, "kind must not be null");
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("bad token range " + start + ".." + end);
    }
  }

  /** The same reference in a statement with {@code tokens} more tokens before it. */
  TableReference shifted(int tokens) {
    return new TableReference(table, start + tokens, end + tokens, aliased, kind);
  }

  /** Where a reference stands. */
  public enum Kind {
    /** A FROM item or JOIN operand, at any query level (subquery, CTE, LATERAL). */
    FROM_ITEM,
    /** The table of {@code COPY table [(columns)] TO}. */
    COPY_TABLE
  }
}
