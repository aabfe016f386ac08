package io.dbwarden.sidecar.catalog;

import io.dbwarden.sidecar.approval.RowEstimator;
import io.dbwarden.sidecar.masking.classify.TableClassifier;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The catalog of each database behind the proxy, read on the proxy's own connection (never on a
 * client's), loaded when a database is first used and reloaded after DDL. Loading runs on one
 * background thread; callers get a stage and never block.
 */
public final class CatalogService implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(CatalogService.class.getName());

  private final Function<String, Connection> connector;
  private final DatabaseCatalog fixed;
  private final TableClassifier classifier;
  private final RowEstimator estimator;
  private final ExecutorService loader =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "dbwarden-catalog");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, CompletableFuture<DatabaseCatalog>> databases =
      new ConcurrentHashMap<>();
  private final Set<String> reloading = ConcurrentHashMap.newKeySet();
  private final Set<String> againAfterReload = ConcurrentHashMap.newKeySet();

  /**
   * @param connector opens a JDBC connection to the named database as the proxy's own role
   */
  public CatalogService(Function<String, Connection> connector) {
    this(connector, null);
  }

  private CatalogService(Function<String, Connection> connector, DatabaseCatalog fixed) {
    this.connector = connector;
    this.fixed = fixed;
    this.classifier = new TableClassifier(connector);
    this.estimator = new RowEstimator(connector);
  }

  /** Estimates the rows of statements held for approval, on the proxy's login. */
  public RowEstimator estimator() {
    return estimator;
  }

  /** Classifies the columns of the relations of every database, sampling on the proxy's login. */
  public TableClassifier classifier() {
    return classifier;
  }

  /** A service for databases reached with pgjdbc URLs built by {@code urlForDatabase}. */
  public static CatalogService jdbc(Function<String, String> urlForDatabase, Properties login) {
    return new CatalogService(
        database -> {
          try {
            return DriverManager.getConnection(urlForDatabase.apply(database), login);
          } catch (SQLException e) {
            throw new CatalogUnavailableException(
                "cannot read the catalog of database " + database + ": " + e.getMessage(), e);
          }
        });
  }

  /** A service without a database connection: every name is unknown (passthrough mode). */
  public static CatalogService none() {
    return fixed(Catalog.EMPTY, List.of("public"));
  }

  /** The same catalog for every database, never reloaded (tests, {@code check}). */
  public static CatalogService fixed(Catalog catalog, List<String> searchPath) {
    return new CatalogService(null, new DatabaseCatalog(catalog, searchPath));
  }

  /** The catalog of a database, loading it on first use. */
  public CompletableFuture<DatabaseCatalog> catalog(String database) {
    CompletableFuture<DatabaseCatalog> current =
        databases.computeIfAbsent(database, this::startLoad);
    if (current.isCompletedExceptionally()) {
      // A database that was unreachable is tried again on the next statement, not given up on.
      databases.remove(database, current);
      return databases.computeIfAbsent(database, this::startLoad);
    }
    return current;
  }

  /**
   * Reloads a database's catalog in the background after DDL; statements keep using the previous
   * one until the new one is ready.
   */
  public void refresh(String database) {
    if (!reloading.add(database)) {
      // One reload at a time per database; the one under way may have read the catalog before
      // what prompted this request, so one more follows it, however many requests come.
      againAfterReload.add(database);
      return;
    }
    startLoad(database)
        .whenComplete(
            (fresh, failure) -> {
              if (fresh != null) {
                databases.put(database, CompletableFuture.completedFuture(fresh));
              }
              reloading.remove(database);
              if (againAfterReload.remove(database)) {
                refresh(database);
              }
            });
  }

  private CompletableFuture<DatabaseCatalog> startLoad(String database) {
    if (fixed != null) {
      return CompletableFuture.completedFuture(fixed);
    }
    CompletableFuture<DatabaseCatalog> load =
        CompletableFuture.supplyAsync(() -> load(database), loader);
    // classify in the background, so that a table's first statement rarely waits for it
    load.thenAccept(
        loaded -> {
          if (loaded.catalog() instanceof CatalogSnapshot snapshot) {
            classifier.prefetch(database, snapshot.relations(), snapshot.version());
          }
        });
    return load;
  }

  private DatabaseCatalog load(String database) {
    try (Connection connection = connector.apply(database)) {
      connection.setReadOnly(true);
      Catalog catalog = PgCatalogLoader.load(connection);
      List<String> searchPath = new ArrayList<>();
      try (Statement s = connection.createStatement();
          ResultSet rs = s.executeQuery("SELECT unnest(current_schemas(false))")) {
        while (rs.next()) {
          searchPath.add(rs.getString(1));
        }
      }
      LOG.log(
          System.Logger.Level.DEBUG,
          "catalog of {0} loaded, version {1}",
          database,
          catalog.version());
      return new DatabaseCatalog(catalog, searchPath);
    } catch (SQLException e) {
      throw new CatalogUnavailableException(
          "cannot read the catalog of database " + database + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    loader.shutdownNow();
    classifier.close();
    estimator.close();
  }

  /**
   * A database's catalog and the search path a session of the proxy's role starts with.
   *
   * @param catalog relations and columns
   * @param defaultSearchPath effective schemas of a fresh session, {@code $user} resolved
   */
  public record DatabaseCatalog(Catalog catalog, List<String> defaultSearchPath) {
    public DatabaseCatalog {
      defaultSearchPath = List.copyOf(defaultSearchPath);
    }
  }
}
