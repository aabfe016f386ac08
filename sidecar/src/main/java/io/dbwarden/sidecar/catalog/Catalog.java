package io.dbwarden.sidecar.catalog;

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
}
