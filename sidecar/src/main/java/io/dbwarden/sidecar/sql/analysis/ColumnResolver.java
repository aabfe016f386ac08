package io.dbwarden.sidecar.sql.analysis;

import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;

/**
 * Finds the stored columns a column reference means, through aliases, CTEs and subqueries, the way
 * the server does: the innermost query level first, qualified names by their FROM entry,
 * unqualified names by the one entry that has such a column; a name that is no column but an entry
 * is a whole-row reference. Every resolved column is recorded as read.
 */
final class ColumnResolver {

  /** Keywords that parse like column names but are SQL value functions (reserved words). */
  private static final Set<String> VALUE_KEYWORDS =
      Set.of(
          "current_user",
          "session_user",
          "user",
          "current_role",
          "current_catalog",
          "current_schema",
          "current_date",
          "current_time",
          "current_timestamp",
          "localtime",
          "localtimestamp",
          "default");

  private final AnalysisContext context;
  private final Scope scope;

  ColumnResolver(AnalysisContext context, Scope scope) {
    this.context = context;
    this.scope = scope;
  }

  static boolean isValueKeyword(Column column) {
    return qualifier(column) == null
        && !Names.isQuoted(column.getColumnName())
        && VALUE_KEYWORDS.contains(Names.lower(column.getColumnName()));
  }

  Set<ColumnRef> resolve(Column column) {
    if (isValueKeyword(column)) {
      return Set.of();
    }
    String name = Names.fold(column.getColumnName());
    Table table = qualifier(column);
    if (table == null) {
      return unqualified(name, true);
    }
    List<String> parts = Names.parts(table);
    if (parts.size() == 1) {
      return qualified(parts.get(0), name);
    }
    if (parts.size() == 2) {
      TableRef ref = new TableRef(parts.get(0), parts.get(1));
      for (Scope level : scope.visibleLevels()) {
        RangeEntry entry = level.entryFor(ref);
        if (entry != null) {
          return read(entry, name);
        }
      }
      // table.column.field of a composite column
      return qualified(parts.get(1), parts.get(0));
    }
    throw new Unsupported("cross-database column reference: " + column.getFullyQualifiedName());
  }

  private static Table qualifier(Column column) {
    Table table = column.getTable();
    return table == null || table.getName() == null || table.getName().isEmpty() ? null : table;
  }

  /**
   * @param attribute whether a name found nowhere may be attributed to the only relation in scope
   */
  private Set<ColumnRef> unqualified(String name, boolean attribute) {
    List<Scope> levels = scope.visibleLevels();
    for (Scope level : levels) {
      Scope.Lookup lookup = level.lookupColumn(name);
      if (lookup != null) {
        return record(lookup.entry(), lookup.sources());
      }
    }
    for (Scope level : levels) {
      RangeEntry entry = level.entryNamed(name);
      if (entry != null) {
        return record(entry, entry.wholeRow());
      }
    }
    if (attribute && scope.entries().size() == 1) {
      // a column the catalog does not know: with a single relation in scope it can only be its
      RangeEntry only = scope.entries().get(0);
      if (only.table() != null) {
        return record(only, Set.of(new ColumnRef(only.table(), name)));
      }
    }
    throw new Unsupported("cannot resolve column \"" + name + "\"");
  }

  private Set<ColumnRef> qualified(String qualifier, String name) {
    for (Scope level : scope.visibleLevels()) {
      RangeEntry entry = level.entryNamed(qualifier);
      if (entry != null) {
        return read(entry, name);
      }
    }
    // qualifier.name may select field "name" of a composite column "qualifier", if there is one
    try {
      return unqualified(qualifier, false);
    } catch (Unsupported notAColumn) {
      throw new Unsupported("missing FROM-clause entry for \"" + qualifier + "\"");
    }
  }

  private Set<ColumnRef> read(RangeEntry entry, String name) {
    Set<ColumnRef> sources =
        entry
            .column(name)
            .orElseThrow(
                () ->
                    new Unsupported(
                        "column \"" + name + "\" not found in \"" + entry.name() + "\""));
    return record(entry, sources);
  }

  private Set<ColumnRef> record(RangeEntry entry, Set<ColumnRef> sources) {
    entry.noteReference();
    context.facts.columnsRead.addAll(sources);
    return sources;
  }
}
