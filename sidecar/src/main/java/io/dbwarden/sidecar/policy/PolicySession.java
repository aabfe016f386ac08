package io.dbwarden.sidecar.policy;

import io.dbwarden.sidecar.catalog.Catalog;
import io.dbwarden.sidecar.masking.TableMask;
import io.dbwarden.sidecar.sql.analysis.AnalysisScope;
import io.dbwarden.sidecar.sql.analysis.OutputColumn;
import io.dbwarden.sidecar.sql.analysis.StatementAnalysis;
import io.dbwarden.sidecar.sql.analysis.TableRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the decision step remembers about one connection: where unqualified names may resolve, the
 * SQL-level prepared statements and the cursors with their row budgets.
 *
 * <p>Statements are judged before they run, and a SET can be rolled back, so the proxy cannot know
 * the session's {@code search_path} for certain once the client changes it. It keeps every value
 * the session may have (the initial one and each one set since) and judges each statement under all
 * of them: a name that could mean a table the identity may not touch is refused. Temporary tables
 * are handled the same way: a name the session may have created as a temporary table is judged both
 * as that table and as the table it would otherwise mean.
 */
final class PolicySession {

  private final Set<List<String>> searchPaths = new LinkedHashSet<>();
  private List<String> latestSearchPath;
  private boolean started;
  private final Set<String> temporaryTables = new LinkedHashSet<>();
  private final Map<String, List<StatementAnalysis>> prepared = new HashMap<>();
  private final Map<String, Cursor> cursors = new HashMap<>();

  /**
   * A cursor declared on the connection.
   *
   * @param budget the row budget its fetches draw from, or null when unlimited
   * @param masks the protected tables its query reads, for the response side of its fetches
   * @param lineage the lineage of its rows
   */
  record Cursor(RowBudget budget, Collection<TableMask> masks, List<OutputColumn> lineage) {}

  private final Map<String, Set<TableRef>> preparedMasked = new HashMap<>();

  /** Called before each statement; the first call sets the search path a fresh session has. */
  void start(List<String> initialSearchPath) {
    if (!started) {
      started = true;
      searchPathSet(initialSearchPath);
    }
  }

  /**
   * The scopes to judge a statement under; the first is the most likely one, used for the audit
   * record and the result's lineage.
   */
  List<AnalysisScope> scopes(Catalog catalog) {
    List<AnalysisScope> scopes = new ArrayList<>();
    scopes.add(new AnalysisScope(catalog, latestSearchPath, temporaryTables));
    for (List<String> path : searchPaths) {
      addIfNew(scopes, new AnalysisScope(catalog, path, temporaryTables));
      if (!temporaryTables.isEmpty()) {
        addIfNew(scopes, new AnalysisScope(catalog, path, Set.of()));
      }
    }
    return scopes;
  }

  private static void addIfNew(List<AnalysisScope> scopes, AnalysisScope scope) {
    if (!scopes.contains(scope)) {
      scopes.add(scope);
    }
  }

  void searchPathSet(List<String> path) {
    searchPaths.add(List.copyOf(path));
    latestSearchPath = List.copyOf(path);
  }

  void temporaryTableCreated(String name) {
    temporaryTables.add(name);
  }

  /** Remembers a PREPARE: the prepared statement as analysed under each possible scope. */
  void prepared(String name, List<StatementAnalysis> analyses) {
    prepared.put(name, List.copyOf(analyses));
  }

  /** What {@code EXECUTE name} runs, or null when the proxy saw no such PREPARE. */
  /** Remembers which protected relations a PREPARE's text was rewritten to mask. */
  void preparedMasked(String name, Set<TableRef> tables) {
    preparedMasked.put(name, Set.copyOf(tables));
  }

  /** The protected relations masked in a prepared statement's text. */
  Set<TableRef> preparedMasked(String name) {
    return preparedMasked.getOrDefault(name, Set.of());
  }

  List<StatementAnalysis> prepared(String name) {
    return prepared.get(name);
  }

  void deallocated(String name) {
    if (name == null) {
      prepared.clear();
      preparedMasked.clear();
    } else {
      prepared.remove(name);
      preparedMasked.remove(name);
    }
  }

  void cursorDeclared(String name, Cursor cursor) {
    cursors.put(name, cursor);
  }

  Cursor cursor(String name) {
    return cursors.get(name);
  }

  void cursorClosed(String name) {
    if (name == null) {
      cursors.clear();
    } else {
      cursors.remove(name);
    }
  }
}
