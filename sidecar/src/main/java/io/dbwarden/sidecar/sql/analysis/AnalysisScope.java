package io.dbwarden.sidecar.sql.analysis;

import io.dbwarden.sidecar.catalog.Catalog;
import java.util.List;
import java.util.Set;

/**
 * What a statement's names resolve against: the catalog, the session's {@code search_path} and its
 * temporary tables. Unqualified names resolve like PostgreSQL: the session's temporary tables
 * first, then {@code pg_catalog}, then each schema of the search path that holds the name; a name
 * found nowhere belongs to the first schema of the search path.
 *
 * @param catalog relations and columns
 * @param searchPath schemas in order, {@code "$user"} already replaced by the session user's name
 *     (and dropped when no such schema exists)
 * @param temporaryTables names of the temporary tables this session created
 */
public record AnalysisScope(Catalog catalog, List<String> searchPath, Set<String> temporaryTables) {

  public AnalysisScope {
    searchPath = List.copyOf(searchPath);
    temporaryTables = Set.copyOf(temporaryTables);
  }

  /** The default scope of a fresh session: {@code search_path = public}, no temporary tables. */
  public static AnalysisScope of(Catalog catalog) {
    return new AnalysisScope(catalog, List.of("public"), Set.of());
  }
}
