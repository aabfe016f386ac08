package io.dbwarden.sidecar.catalog;

import io.dbwarden.sidecar.sql.analysis.TableRef;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable catalog: the relations read at one moment, looked up by schema and name. Safe to
 * share between threads; a refresh builds a new snapshot with a new version.
 */
public final class CatalogSnapshot implements Catalog {

  private final Map<TableRef, Relation> relations;
  private final long version;

  public CatalogSnapshot(Collection<Relation> relations, long version) {
    Map<TableRef, Relation> byName = new HashMap<>();
    for (Relation relation : relations) {
      Objects.requireNonNull(relation, "relation must not be null");
      byName.put(relation.ref(), relation);
    }
    this.relations = Map.copyOf(byName);
    this.version = version;
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
