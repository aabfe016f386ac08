package io.dbwarden.sidecar.sql.analysis;

import java.util.Set;

/**
 * One column of a statement's result and the stored columns its values are computed from (through
 * expressions, functions, casts, CTEs, subqueries and set operations). A whole-row reference
 * ({@code SELECT t FROM t}) has every column of {@code t} as its sources.
 *
 * @param name the column name the client sees
 * @param sources the stored columns the value derives from; empty for a constant
 */
public record OutputColumn(String name, Set<ColumnRef> sources) {

  public OutputColumn {
    sources = Set.copyOf(sources);
  }
}
