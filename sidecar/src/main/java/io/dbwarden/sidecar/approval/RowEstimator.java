package io.dbwarden.sidecar.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Asks the database's planner how many rows a statement held for approval would touch, for the
 * approver. Plain {@code EXPLAIN}, never {@code ANALYZE}, so nothing runs; in a transaction that is
 * rolled back, on the proxy's own login, on a thread of its own, and given up after two seconds.
 */
public final class RowEstimator implements AutoCloseable {

  /** Estimates nothing (no database to ask). */
  public static final RowEstimator NONE = new RowEstimator(null);

  private static final long TIMEOUT_MS = 2_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Function<String, Connection> connector;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "dbwarden-row-estimator");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param connector opens a connection to a database as the proxy's own role; null for none
   */
  public RowEstimator(Function<String, Connection> connector) {
    this.connector = connector;
  }

  /** The planner's row estimate, or null when it could not be had in time. */
  public CompletableFuture<Long> estimate(String database, String statement) {
    if (connector == null) {
      return CompletableFuture.completedFuture(null);
    }
    return CompletableFuture.supplyAsync(() -> explain(database, statement), worker)
        .completeOnTimeout(null, TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .exceptionally(failure -> null);
  }

  private Long explain(String database, String statement) {
    try (Connection connection = connector.apply(database)) {
      connection.setAutoCommit(false);
      try (Statement s = connection.createStatement()) {
        s.execute("SET LOCAL statement_timeout = " + TIMEOUT_MS);
        try (ResultSet plan = s.executeQuery("EXPLAIN (FORMAT JSON) " + statement)) {
          return plan.next() ? rows(plan.getString(1)) : null;
        }
      } finally {
        connection.rollback();
      }
    } catch (SQLException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The top plan node's rows; for a write, those of the node feeding it, since the write node of a
   * statement without RETURNING returns none.
   */
  static Long rows(String json) {
    try {
      JsonNode plan = JSON.readTree(json).path(0).path("Plan");
      if ("ModifyTable".equals(plan.path("Node Type").asText()) && plan.has("Plans")) {
        plan = plan.path("Plans").path(0);
      }
      return plan.has("Plan Rows") ? plan.path("Plan Rows").asLong() : null;
    } catch (java.io.IOException e) {
      return null;
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
