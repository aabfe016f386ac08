package io.dbwarden.sidecar.catalog;

import java.util.List;
import java.util.Optional;

/**
 * The database's relations and their columns, as read by the proxy on its own connection. Used to
 * resolve unqualified names through {@code search_path}, expand {@code *}, and find the base tables
 * behind views.
 */
public interface Catalog {

  /** An empty catalog: every name is unknown. */
  Catalog EMPTY =
      new Catalog() {
        @Override
        public Optional<Relation> relation(String schema, String name) {
          return Optional.empty();
        }

        @Override
        public long version() {
          return 0;
        }
      };

  /** The relation with this schema and name, exactly as stored (already case-folded). */
  Optional<Relation> relation(String schema, String name);

  /** Changes whenever the content changes (a refresh after DDL): part of the analysis cache key. */
  long version();

  /**
   * The functions and procedures of this name defined in the database itself, for a name as a
   * statement calls it ({@code f} or {@code schema.f}); empty when there are none or when this
   * catalog does not know routines.
   */
  default List<Routine> routines(String name) {
    return List.of();
  }

  /**
   * Whether this catalog was read from the database, so that a relation it does not have did not
   * exist when it was read; false for catalogs written by hand and the empty one.
   */
  default boolean readFromDatabase() {
    return false;
  }

  /**
   * Whether a function of this name exists (built in, from an extension or defined in the
   * database); true when this catalog does not know functions.
   */
  default boolean hasFunction(String name) {
    return true;
  }
}
