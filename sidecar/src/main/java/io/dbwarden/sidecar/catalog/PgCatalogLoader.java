package io.dbwarden.sidecar.catalog;

import io.dbwarden.sidecar.sql.analysis.TableRef;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@link CatalogSnapshot} from a database's system catalogs with three queries: every
 * relation of every schema (tables, partitioned tables, views, materialized views, foreign tables,
 * sequences, in {@code pg_catalog} and {@code information_schema} too) with its columns; the direct
 * dependencies of views' rewrite rules, from which each view's base tables are resolved
 * recursively; and every function with the bodies of those defined in the database, from which what
 * each may read is worked out.
 *
 * <p>Other sessions' temporary schemas and TOAST schemas are left out. The snapshot's version is a
 * hash of its relations: loading an unchanged database gives the same version, so analyses cached
 * under it stay valid.
 *
 * @see <a href="https://www.postgresql.org/docs/current/catalog-pg-class.html">pg_class</a>
 * @see <a href="https://www.postgresql.org/docs/current/catalog-pg-depend.html">pg_depend</a>
 */
public final class PgCatalogLoader {

  /** Relations and their live user columns, in column order; one row per column. */
  private static final String RELATIONS =
      """
      SELECT c.oid::bigint, n.nspname, c.relname, c.relkind::text,
             a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.atttypid::bigint,
             a.attnum
        FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_catalog.pg_attribute a
          ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
         AND n.nspname NOT LIKE 'pg\\_toast%'
         AND n.nspname NOT LIKE 'pg\\_temp\\_%'
       ORDER BY c.oid, a.attnum
      """;

  /** Which relations each view's or materialized view's rewrite rule reads. */
  private static final String VIEW_DEPENDENCIES =
      """
      SELECT DISTINCT r.ev_class::bigint, d.refobjid::bigint
        FROM pg_catalog.pg_rewrite r
        JOIN pg_catalog.pg_depend d
          ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND d.objid = r.oid
       WHERE d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
         AND d.refobjid <> r.ev_class
      """;

  /**
   * Every function and procedure, with its body where the server keeps it as text (else its
   * definition, for SQL-standard bodies), and whether it is built in or comes with an extension.
   */
  private static final String ROUTINES =
      """
      SELECT n.nspname, p.proname, l.lanname,
             CASE WHEN p.prokind IN ('f', 'p') AND pg_catalog.btrim(p.prosrc) = ''
                  THEN pg_catalog.pg_get_functiondef(p.oid) ELSE p.prosrc END,
             n.nspname IN ('pg_catalog', 'information_schema')
               OR EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                           WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                             AND d.objid = p.oid AND d.deptype = 'e')
        FROM pg_catalog.pg_proc p
        JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
        JOIN pg_catalog.pg_language l ON l.oid = p.prolang
       WHERE n.nspname NOT LIKE 'pg\\_temp\\_%'
      """;

  private PgCatalogLoader() {}

  /** Reads the catalog of the database the connection is connected to. */
  public static Catalog load(Connection connection) throws SQLException {
    Map<Long, Loaded> byOid = new LinkedHashMap<>();
    Map<Long, Set<Long>> dependencies = new HashMap<>();
    Set<String> functions = new HashSet<>();
    List<Routines.Defined> defined = new ArrayList<>();
    try (Statement statement = connection.createStatement()) {
      try (ResultSet rows = statement.executeQuery(RELATIONS)) {
        while (rows.next()) {
          long oid = rows.getLong(1);
          Loaded relation = byOid.get(oid);
          if (relation == null) {
            relation =
                new Loaded(
                    new TableRef(rows.getString(2), rows.getString(3)), kind(rows.getString(4)));
            byOid.put(oid, relation);
          }
          String column = rows.getString(5);
          if (column != null) {
            relation.columns.add(
                new Relation.Column(
                    column, rows.getString(6), (int) rows.getLong(7), rows.getInt(8)));
          }
        }
      }
      try (ResultSet rows = statement.executeQuery(VIEW_DEPENDENCIES)) {
        while (rows.next()) {
          dependencies
              .computeIfAbsent(rows.getLong(1), key -> new HashSet<>())
              .add(rows.getLong(2));
        }
      }
      try (ResultSet rows = statement.executeQuery(ROUTINES)) {
        while (rows.next()) {
          String schema = rows.getString(1);
          String name = rows.getString(2);
          functions.add(name);
          functions.add(schema + "." + name);
          if (!rows.getBoolean(5)) {
            String language = rows.getString(3);
            defined.add(
                new Routines.Defined(
                    schema, name, language, RoutineBody.of(language, rows.getString(4))));
          }
        }
      }
    }
    List<Relation> relations = new ArrayList<>(byOid.size());
    for (Map.Entry<Long, Loaded> entry : byOid.entrySet()) {
      Loaded loaded = entry.getValue();
      Set<TableRef> baseTables = new LinkedHashSet<>();
      if (loaded.kind == Relation.Kind.VIEW || loaded.kind == Relation.Kind.MATERIALIZED_VIEW) {
        collectBaseTables(entry.getKey(), byOid, dependencies, new HashSet<>(), baseTables);
      }
      relations.add(
          new Relation(loaded.ref, loaded.kind, loaded.columns, baseTables, entry.getKey()));
    }
    return new CatalogSnapshot(
        relations, Routines.resolve(defined, relations), functions, contentHash(relations));
  }

  /** Follows view dependencies down to tables; cycles cannot occur but are guarded against. */
  private static void collectBaseTables(
      long view,
      Map<Long, Loaded> byOid,
      Map<Long, Set<Long>> dependencies,
      Set<Long> visited,
      Set<TableRef> into) {
    if (!visited.add(view)) {
      return;
    }
    for (long dependency : dependencies.getOrDefault(view, Set.of())) {
      Loaded relation = byOid.get(dependency);
      if (relation == null) {
        continue;
      }
      switch (relation.kind) {
        case VIEW, MATERIALIZED_VIEW ->
            collectBaseTables(dependency, byOid, dependencies, visited, into);
        case TABLE, PARTITIONED_TABLE, FOREIGN_TABLE -> into.add(relation.ref);
        default -> {
          // a sequence used by the view (nextval) holds no rows of its own
        }
      }
    }
  }

  private static Relation.Kind kind(String relkind) {
    return switch (relkind) {
      case "r" -> Relation.Kind.TABLE;
      case "p" -> Relation.Kind.PARTITIONED_TABLE;
      case "v" -> Relation.Kind.VIEW;
      case "m" -> Relation.Kind.MATERIALIZED_VIEW;
      case "f" -> Relation.Kind.FOREIGN_TABLE;
      case "S" -> Relation.Kind.SEQUENCE;
      default -> throw new IllegalStateException("unexpected relkind " + relkind);
    };
  }

  /** FNV-1a over the relations in a stable order. */
  private static long contentHash(List<Relation> relations) {
    List<String> lines = new ArrayList<>(relations.size());
    for (Relation relation : relations) {
      StringBuilder line = new StringBuilder();
      line.append(relation.ref()).append('|').append(relation.kind());
      for (Relation.Column column : relation.columns()) {
        line.append('|').append(column.name()).append(':').append(column.type());
      }
      relation.baseTables().stream()
          .map(TableRef::toString)
          .sorted()
          .forEach(base -> line.append("|>").append(base));
      lines.add(line.toString());
    }
    lines.sort(null);
    long hash = 0xcbf29ce484222325L;
    for (String line : lines) {
      for (byte b : line.getBytes(StandardCharsets.UTF_8)) {
        hash ^= b & 0xff;
        hash *= 0x100000001b3L;
      }
      hash ^= '\n';
      hash *= 0x100000001b3L;
    }
    return hash;
  }

  private static final class Loaded {
    final TableRef ref;
    final Relation.Kind kind;
    final List<Relation.Column> columns = new ArrayList<>();

    Loaded(TableRef ref, Relation.Kind kind) {
      this.ref = ref;
      this.kind = kind;
    }
  }
}
