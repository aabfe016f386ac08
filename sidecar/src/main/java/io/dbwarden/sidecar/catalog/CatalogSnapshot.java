package io.dbwarden.sidecar.catalog;

import io.dbwarden.sidecar.sql.analysis.TableRef;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable catalog: the relations read at one moment, looked up by schema and name. Safe to
 * share between threads; a refresh builds a new snapshot with a new version.
 */
public final class CatalogSnapshot implements Catalog {

  private final Map<TableRef, Relation> relations;
  private final long version;
  private final Map<String, List<Routine>> routines;

  /** Every function name there is, or null when not known. */
  private final Set<String> functions;

  /** A catalog of relations only (written by hand): routines are unknown. */
  public CatalogSnapshot(Collection<Relation> relations, long version) {
    this(relations, Map.of(), null, version);
  }

  /**
   * @param routines the routines defined in the database, under each name they can be called by
   * @param functions the names of every function there is, built-in ones included
   */
  public CatalogSnapshot(
      Collection<Relation> relations,
      Map<String, List<Routine>> routines,
      Set<String> functions,
      long version) {
    Map<TableRef, Relation> byName = new HashMap<>();
    for (Relation relation : relations) {
      Objects.requireNonNull(relation, "relation must not be null");
      byName.put(relation.ref(), relation);
    }
    this.relations = Map.copyOf(byName);
    this.routines = Map.copyOf(routines);
    this.functions = functions == null ? null : Set.copyOf(functions);
    this.version = version;
  }

  @Override
  public List<Routine> routines(String name) {
    return routines.getOrDefault(name, List.of());
  }

  @Override
  public boolean readFromDatabase() {
    return functions != null;
  }

  @Override
  public boolean hasFunction(String name) {
    return functions == null || functions.contains(name) || routines.containsKey(name);
  }

  @Override
  public Optional<Relation> relation(String schema, String name) {
    return Optional.ofNullable(relations.get(new TableRef(schema, name)));
  }

  @Override
  public long version() {
    return version;
  }

  /** Every relation, in no particular order. */
  public List<Relation> relations() {
    return List.copyOf(relations.values());
  }

  public int size() {
    return relations.size();
  }

  @Override
  public String toString() {
    return "CatalogSnapshot[version=" + version + ", relations=" + relations.size() + "]";
  }
}
