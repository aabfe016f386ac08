package io.dbwarden.sidecar.catalog;

import io.dbwarden.sidecar.sql.analysis.TableRef;
import java.util.Set;

/**
 * A function or procedure defined in the database itself (not built in, not part of an extension),
 * and what dbwarden can tell of what it reads. A routine runs with the caller's privileges inside
 * the database, where masking at the source cannot reach: a masked identity may only call one that
 * reads no protected table.
 *
 * @param schema where it is defined
 * @param name its name
 * @param language {@code pg_language.lanname}
 * @param reads the relations its body (and the routines it calls, recursively) may read, by a
 *     conservative reading: every relation whose name appears in the body, in any schema
 * @param opaque why dbwarden cannot tell what it reads (a language it cannot read, dynamic SQL), or
 *     null when {@code reads} is complete
 */
public record Routine(
    String schema, String name, String language, Set<TableRef> reads, String opaque) {

  public Routine {
    reads = Set.copyOf(reads);
  }

  @Override
  public String toString() {
    return schema + "." + name;
  }
}
