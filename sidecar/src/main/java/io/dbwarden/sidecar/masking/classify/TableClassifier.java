package io.dbwarden.sidecar.masking.classify;

import io.dbwarden.sidecar.catalog.Relation;
import io.dbwarden.sidecar.sql.analysis.TableRef;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Classifies relations the first time they are needed and remembers the result per database and
 * relation as it stands (its oid and columns, so DDL that changes it classifies it again). Values
 * are sampled on the proxy's own connection, on one background thread, never on the event loop and
 * with a deadline; when sampling fails or takes too long the column's name and type decide alone,
 * and the table is tried again next time.
 */
public final class TableClassifier implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(TableClassifier.class.getName());

  /** Values looked at per column. */
  static final int SAMPLE_ROWS = 200;

  private static final long DEADLINE_MS = 3_000;
  private static final int MAX_ENTRIES = 20_000;

  private final Function<String, Connection> connector;
  private final ExecutorService sampler =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "dbwarden-classifier");
            t.setDaemon(true);
            return t;
          });
  private final Map<Key, CompletableFuture<TableClassification>> cache = new ConcurrentHashMap<>();
  // touched on the sampler thread only
  private final Map<String, Connection> connections = new HashMap<>();

  /**
   * @param connector opens a connection to a database as the proxy's own role; null to classify by
   *     names and types only
   */
  public TableClassifier(Function<String, Connection> connector) {
    this.connector = connector;
  }

  /** The classification of a relation, sampling its values the first time. */
  public CompletableFuture<TableClassification> classify(
      String database, Relation relation, long catalogVersion) {
    Key key = new Key(database, relation.ref(), relation.oid(), relation.columns());
    CompletableFuture<TableClassification> cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    if (connector == null || !sampleable(relation)) {
      TableClassification byName = classify(relation, catalogVersion, Map.of(), false);
      cache.putIfAbsent(key, CompletableFuture.completedFuture(byName));
      return cache.get(key);
    }
    if (cache.size() > MAX_ENTRIES) {
      cache.clear();
    }
    CompletableFuture<TableClassification> created = new CompletableFuture<>();
    CompletableFuture<TableClassification> raced = cache.putIfAbsent(key, created);
    if (raced != null) {
      return raced;
    }
    CompletableFuture.supplyAsync(() -> sample(database, relation), sampler)
        .orTimeout(DEADLINE_MS, TimeUnit.MILLISECONDS)
        .whenComplete(
            (samples, failure) -> {
              if (failure == null) {
                created.complete(classify(relation, catalogVersion, samples, true));
                return;
              }
              LOG.log(
                  System.Logger.Level.WARNING,
                  "cannot sample {0}, classifying it by names and types: {1}",
                  relation.ref(),
                  failure.toString());
              cache.remove(key, created);
              created.complete(classify(relation, catalogVersion, Map.of(), false));
            });
    return created;
  }

  /** Starts classifying relations in the background, so their first statement need not wait. */
  public void prefetch(String database, List<Relation> relations, long catalogVersion) {
    int started = 0;
    for (Relation relation : relations) {
      if (started++ >= 1000) {
        return;
      }
      if (sampleable(relation)
          && !relation.ref().schema().startsWith("pg_")
          && !relation.ref().schema().equals("information_schema")) {
        classify(database, relation, catalogVersion);
      }
    }
  }

  /** Classifies from already sampled values (tests, the {@code catalog} command). */
  public static TableClassification classify(
      Relation relation, long catalogVersion, Map<String, List<String>> samples, boolean sampled) {
    List<ColumnClassification> columns = new ArrayList<>();
    for (Relation.Column column : relation.columns()) {
      columns.add(
          ColumnClassifier.classify(
              column.name(), column.type(), samples.getOrDefault(column.name(), List.of())));
    }
    return new TableClassification(relation.ref(), catalogVersion, sampled, columns);
  }

  private static boolean sampleable(Relation relation) {
    return switch (relation.kind()) {
      case TABLE, PARTITIONED_TABLE, MATERIALIZED_VIEW -> true;
      default -> false;
    };
  }

  private Map<String, List<String>> sample(String database, Relation relation) {
    try {
      return sample(connection(database), relation);
    } catch (SQLException | RuntimeException e) {
      Connection broken = connections.remove(database);
      if (broken != null) {
        try {
          broken.close();
        } catch (SQLException ignored) {
          // it is being dropped anyway
        }
      }
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private Connection connection(String database) throws SQLException {
    Connection connection = connections.get(database);
    if (connection == null || connection.isClosed()) {
      connection = connector.apply(database);
      connection.setReadOnly(true);
      try (Statement s = connection.createStatement()) {
        s.execute("SET statement_timeout = " + DEADLINE_MS);
      }
      connections.put(database, connection);
    }
    return connection;
  }

  /** Up to {@link #SAMPLE_ROWS} non-null values of every text-like column, as text. */
  public static Map<String, List<String>> sample(Connection connection, Relation relation)
      throws SQLException {
    List<String> columns = new ArrayList<>();
    for (Relation.Column column : relation.columns()) {
      String base = ColumnClassifier.baseType(column.type());
      if (base.equals("text")
          || base.equals("character varying")
          || base.equals("character")
          || base.equals("citext")
          || base.equals("json")
          || base.equals("jsonb")) {
        columns.add(column.name());
      }
    }
    Map<String, List<String>> samples = new HashMap<>();
    if (columns.isEmpty()) {
      return samples;
    }
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < columns.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(SqlNames.quote(columns.get(i))).append("::text");
    }
    sql.append(" FROM ")
        .append(SqlNames.quote(relation.ref().schema()))
        .append('.')
        .append(SqlNames.quote(relation.ref().name()))
        .append(" LIMIT ")
        .append(SAMPLE_ROWS);
    try (Statement s = connection.createStatement();
        ResultSet rows = s.executeQuery(sql.toString())) {
      while (rows.next()) {
        for (int i = 0; i < columns.size(); i++) {
          String value = rows.getString(i + 1);
          if (value != null) {
            samples.computeIfAbsent(columns.get(i), c -> new ArrayList<>()).add(value);
          }
        }
      }
    }
    return samples;
  }

  @Override
  public void close() {
    // queued after any running sample, so the connections are closed on the thread that owns them
    sampler.execute(
        () -> {
          for (Connection connection : connections.values()) {
            try {
              connection.close();
            } catch (SQLException ignored) {
              // closing anyway
            }
          }
          connections.clear();
        });
    sampler.shutdown();
  }

  /**
   * A relation as it stands: DDL elsewhere in the database leaves its classification valid, while a
   * change to its columns, or a table dropped and created again under the same name (a new oid),
   * classifies it anew.
   */
  private record Key(String database, TableRef table, long oid, List<Relation.Column> columns) {}
}
