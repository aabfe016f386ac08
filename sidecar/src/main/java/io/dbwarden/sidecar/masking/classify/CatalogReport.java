package io.dbwarden.sidecar.masking.classify;

import io.dbwarden.sidecar.catalog.CatalogService;
import io.dbwarden.sidecar.catalog.CatalogSnapshot;
import io.dbwarden.sidecar.catalog.Relation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What classification found in a database and why, in the shape {@code GET /catalog} and the {@code
 * catalog} command print: per relation, per column, the kind, the rule and the sample hit ratio.
 */
public final class CatalogReport {

  private CatalogReport() {}

  /** The report of one database behind the proxy, classifying what is not classified yet. */
  public static CompletableFuture<List<Map<String, Object>>> of(
      CatalogService catalogs, String database) {
    return catalogs
        .catalog(database)
        .thenCompose(
            loaded -> {
              if (!(loaded.catalog() instanceof CatalogSnapshot snapshot)) {
                return CompletableFuture.completedFuture(List.of());
              }
              List<Relation> relations = new ArrayList<>(snapshot.relations());
              relations.removeIf(r -> !reported(r));
              relations.sort(Comparator.comparing(r -> r.ref().toString()));
              List<CompletableFuture<TableClassification>> pending = new ArrayList<>();
              for (Relation relation : relations) {
                pending.add(catalogs.classifier().classify(database, relation, snapshot.version()));
              }
              return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                  .thenApply(
                      done -> {
                        List<Map<String, Object>> report = new ArrayList<>();
                        for (int i = 0; i < relations.size(); i++) {
                          report.add(table(relations.get(i), pending.get(i).join()));
                        }
                        return report;
                      });
            });
  }

  /** User relations: not the system catalogs. */
  public static boolean reported(Relation relation) {
    String schema = relation.ref().schema();
    return !schema.startsWith("pg_")
        && !schema.equals("information_schema")
        && relation.kind() != Relation.Kind.SEQUENCE;
  }

  /** One relation's entry. */
  public static Map<String, Object> table(Relation relation, TableClassification classification) {
    Map<String, Object> table = new LinkedHashMap<>();
    table.put("table", relation.ref().toString());
    table.put("kind", relation.kind().name().toLowerCase(java.util.Locale.ROOT));
    table.put("sampled", classification.sampledContent());
    List<Map<String, Object>> columns = new ArrayList<>();
    for (ColumnClassification column : classification.columns()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("column", column.column());
      entry.put("type", column.type());
      entry.put("classification", column.sensitive() ? column.kind().label() : null);
      if (column.sensitive()) {
        entry.put("rule", column.rule());
        entry.put(
            "defaultStrategy",
            column.kind().defaultStrategy().name().toLowerCase(java.util.Locale.ROOT));
      }
      entry.put("sampled", column.sampled());
      entry.put("hitRatio", Math.round(column.hitRatio() * 1000) / 1000.0);
      columns.add(entry);
    }
    table.put("columns", columns);
    return table;
  }
}
