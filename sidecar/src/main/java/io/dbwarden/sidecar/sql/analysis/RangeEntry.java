package io.dbwarden.sidecar.sql.analysis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One item of a FROM clause as names resolve against it: a stored relation, a CTE, a subquery, a
 * function or VALUES list, with the columns it offers and where each column's values come from.
 *
 * <p>An entry is <em>open</em> when its columns are not known (a relation missing from the catalog,
 * a set-returning function without a column list): a qualified reference to any column is then
 * accepted, but {@code *} and unqualified names can only be attributed to it when nothing else is
 * in scope.
 */
final class RangeEntry implements FromNode {

  /** The name the entry is referenced by (its alias, else the relation's name); null if none. */
  private final String name;

  /** Whether the name is an alias (then the schema-qualified name no longer refers to it). */
  private final boolean aliased;

  /** The stored relation, or null for derived entries. */
  private final TableRef table;

  /** Known columns in order, with their sources; null when the entry is open. */
  private final LinkedHashMap<String, Set<ColumnRef>> columns;

  /** For an open derived entry: what any of its columns derives from. */
  private final Set<ColumnRef> openSources;

  /** Columns merged by {@code JOIN ... USING}: unqualified names mean the merged column instead. */
  private final Set<String> mergedAway = new HashSet<>();

  /** How often a column reference resolved to this entry; lets a WHERE test its dependence. */
  private int references;

  private RangeEntry(
      String name,
      boolean aliased,
      TableRef table,
      LinkedHashMap<String, Set<ColumnRef>> columns,
      Set<ColumnRef> openSources) {
    this.name = name;
    this.aliased = aliased;
    this.table = table;
    this.columns = columns;
    this.openSources = openSources;
  }

  /** A stored relation; {@code columnNames} null when the catalog does not know it. */
  static RangeEntry table(TableRef table, String alias, List<String> columnNames) {
    LinkedHashMap<String, Set<ColumnRef>> columns = null;
    if (columnNames != null) {
      columns = new LinkedHashMap<>();
      for (String column : columnNames) {
        columns.put(column, Set.of(new ColumnRef(table, column)));
      }
    }
    return new RangeEntry(
        alias != null ? alias : table.name(), alias != null, table, columns, Set.of());
  }

  /** A subquery, CTE, VALUES list or function with known output columns. */
  static RangeEntry derived(String name, List<OutputColumn> outputs) {
    LinkedHashMap<String, Set<ColumnRef>> columns = new LinkedHashMap<>();
    for (OutputColumn output : outputs) {
      columns.merge(output.name(), output.sources(), RangeEntry::union);
    }
    return new RangeEntry(name, true, null, columns, Set.of());
  }

  /** A derived entry whose column names are unknown, every column deriving from {@code sources}. */
  static RangeEntry openDerived(String name, Set<ColumnRef> sources) {
    return new RangeEntry(name, true, null, null, Set.copyOf(sources));
  }

  String name() {
    return name;
  }

  boolean aliased() {
    return aliased;
  }

  TableRef table() {
    return table;
  }

  boolean open() {
    return columns == null;
  }

  int references() {
    return references;
  }

  void noteReference() {
    references++;
  }

  void mergeAway(String column) {
    mergedAway.add(column);
  }

  /** Whether a known column of this name exists and an unqualified reference may mean it. */
  boolean offersUnqualified(String column) {
    return columns != null && columns.containsKey(column) && !mergedAway.contains(column);
  }

  boolean hasKnownColumn(String column) {
    return columns != null && columns.containsKey(column);
  }

  /** The sources of a column referenced through this entry, if it can have that column. */
  Optional<Set<ColumnRef>> column(String column) {
    if (columns != null) {
      Set<ColumnRef> sources = columns.get(column);
      if (sources == null && table != null) {
        // a stored relation the catalog knows with a column it does not: attribute it anyway,
        // the server will say whether it exists
        return Optional.of(Set.of(new ColumnRef(table, column)));
      }
      return Optional.ofNullable(sources);
    }
    if (table != null) {
      return Optional.of(Set.of(new ColumnRef(table, column)));
    }
    return Optional.of(openSources);
  }

  /** Everything a whole-row reference ({@code SELECT t FROM t}) reads. */
  Set<ColumnRef> wholeRow() {
    Set<ColumnRef> all = new LinkedHashSet<>();
    for (OutputColumn column : columns()) {
      all.addAll(column.sources());
    }
    return all;
  }

  /** The columns {@code *} expands to. */
  @Override
  public List<OutputColumn> columns() {
    if (columns != null) {
      List<OutputColumn> out = new ArrayList<>(columns.size());
      for (Map.Entry<String, Set<ColumnRef>> column : columns.entrySet()) {
        out.add(new OutputColumn(column.getKey(), column.getValue()));
      }
      return out;
    }
    if (table == null) {
      return List.of(new OutputColumn(name, openSources));
    }
    // Not in the catalog (a temporary table, or one created since the catalog was read): "*"
    // stands for all of its columns, which keeps the table-level analysis exact.
    return List.of(new OutputColumn("*", Set.of(new ColumnRef(table, "*"))));
  }

  @Override
  public List<RangeEntry> entries() {
    return List.of(this);
  }

  static Set<ColumnRef> union(Set<ColumnRef> a, Set<ColumnRef> b) {
    Set<ColumnRef> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return all;
  }
}
