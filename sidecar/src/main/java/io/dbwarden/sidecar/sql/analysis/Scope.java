package io.dbwarden.sidecar.sql.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One query level's names: its FROM entries, the CTEs declared at this level, and the enclosing
 * level for correlated references. A subquery in FROM without {@code LATERAL} cannot see its
 * siblings, so its scope skips the enclosing level's entries but still sees that level's CTEs and
 * the levels further out.
 */
final class Scope {

  private final Scope parent;
  private final boolean seesParentEntries;
  private final List<RangeEntry> entries = new ArrayList<>();
  private final List<FromNode> fromNodes = new ArrayList<>();
  private final Map<String, List<OutputColumn>> ctes = new HashMap<>();

  private Scope(Scope parent, boolean seesParentEntries) {
    this.parent = parent;
    this.seesParentEntries = seesParentEntries;
  }

  static Scope root() {
    return new Scope(null, false);
  }

  /** A nested query level that may reference this level's entries (WHERE subqueries, LATERAL). */
  Scope correlated() {
    return new Scope(this, true);
  }

  /** A nested query level that sees this level's CTEs but not its entries (FROM subqueries). */
  Scope isolated() {
    return new Scope(this, false);
  }

  void add(RangeEntry entry) {
    entries.add(entry);
  }

  void remove(List<RangeEntry> removed) {
    entries.removeAll(removed);
  }

  void addFromNode(FromNode node) {
    fromNodes.add(node);
  }

  List<FromNode> fromNodes() {
    return fromNodes;
  }

  List<RangeEntry> entries() {
    return entries;
  }

  void declareCte(String name, List<OutputColumn> columns) {
    ctes.put(name, columns);
  }

  /** The CTE of this name visible here (declared at this level or an enclosing one). */
  Optional<List<OutputColumn>> cte(String name) {
    for (Scope s = this; s != null; s = s.parent) {
      List<OutputColumn> columns = s.ctes.get(name);
      if (columns != null) {
        return Optional.of(columns);
      }
    }
    return Optional.empty();
  }

  /** The levels whose entries a column reference here may resolve against, innermost first. */
  List<Scope> visibleLevels() {
    List<Scope> levels = new ArrayList<>();
    levels.add(this);
    // a level's entries are visible when the child on the way down may see its parent's entries
    for (Scope s = this; s.parent != null; s = s.parent) {
      if (s.seesParentEntries) {
        levels.add(s.parent);
      }
    }
    return levels;
  }

  /** The unqualified column {@code name} at this level alone. */
  Lookup lookupColumn(String name) {
    RangeEntry known = null;
    int knownCount = 0;
    RangeEntry open = null;
    int openCount = 0;
    for (RangeEntry entry : entries) {
      if (entry.offersUnqualified(name)) {
        known = entry;
        knownCount++;
      } else if (entry.open()) {
        open = entry;
        openCount++;
      }
    }
    if (knownCount == 1) {
      return new Lookup(known, known.column(name).orElseThrow());
    }
    if (knownCount > 1) {
      throw new Unsupported("column reference \"" + name + "\" is ambiguous");
    }
    if (openCount == 1) {
      return new Lookup(open, open.column(name).orElseThrow());
    }
    if (openCount > 1) {
      throw new Unsupported("cannot tell which relation column \"" + name + "\" belongs to");
    }
    return null;
  }

  /** The entry referenced by this qualifier at this level, if any. */
  RangeEntry entryNamed(String qualifier) {
    RangeEntry found = null;
    for (RangeEntry entry : entries) {
      if (qualifier.equals(entry.name())) {
        if (found != null) {
          throw new Unsupported("table reference \"" + qualifier + "\" is ambiguous");
        }
        found = entry;
      }
    }
    return found;
  }

  /** The unaliased entry of this stored relation, for {@code schema.table.column} references. */
  RangeEntry entryFor(TableRef table) {
    for (RangeEntry entry : entries) {
      if (!entry.aliased() && table.equals(entry.table())) {
        return entry;
      }
    }
    return null;
  }

  /** A column resolved to the entry it belongs to. */
  record Lookup(RangeEntry entry, Set<ColumnRef> sources) {}
}
