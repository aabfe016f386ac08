package io.dbwarden.sidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dbwarden.sidecar.demo.EmbeddedPostgres;
import io.dbwarden.sidecar.masking.RowTransformer;
import io.dbwarden.sidecar.pg.protocol.backend.DataRow;
import io.dbwarden.sidecar.pg.protocol.backend.RowDescription;
import io.dbwarden.sidecar.policy.Decision;
import io.dbwarden.sidecar.policy.RowLimit;
import io.dbwarden.sidecar.policy.StatementDecider;
import io.dbwarden.sidecar.testing.PostgresExtension;
import io.dbwarden.sidecar.testing.ProxyFixture;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seams later features plug into: every statement passes the decision step before it goes
 * upstream, on every protocol path, in order even when decisions complete later; every row passes
 * the transformation step.
 */
@ExtendWith(PostgresExtension.class)
class DecisionSeamIT {

  private static final String FORBIDDEN = "forbidden_marker";

  private ProxyFixture proxy;

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
  }

  /** Denies statements that mention {@link #FORBIDDEN}; completes now or on another thread. */
  private static StatementDecider denyMarked(Executor later) {
    return (session, request) -> {
      Decision decision =
          request.sql().contains(FORBIDDEN)
              ? Decision.deny("test-rule", "dbwarden: statement blocked by rule \"test-rule\"")
              : Decision.allow();
      return later == null
          ? CompletableFuture.completedStage(decision)
          : CompletableFuture.supplyAsync(() -> decision, later);
    };
  }

  @Test
  void refusedSimpleQueryNeverReachesTheDatabaseAndTheConnectionStaysUsable(
      EmbeddedPostgres postgres) throws SQLException {
    proxy = ProxyFixture.builder(postgres).decider(denyMarked(null)).start();
    try (Connection c =
            proxy.connect("alice", ProxyFixture.ALICE_PASSWORD, "preferQueryMode=simple");
        Statement s = c.createStatement()) {
      s.execute("CREATE TEMP TABLE t (v text)");
      assertThatThrownBy(() -> s.execute("INSERT INTO t VALUES ('" + FORBIDDEN + "')"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("blocked by rule \"test-rule\"")
          .hasFieldOrPropertyWithValue("SQLState", "42501");
      assertThat(count(s, "SELECT count(*) FROM t")).isZero();
      assertThat(count(s, "SELECT 7")).isEqualTo(7);
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        proxy
                            .audit()
                            .matching(
                                e ->
                                    "completed".equals(e.event())
                                        && "deny".equals(e.decision().action())))
                    .singleElement()
                    .satisfies(
                        e -> {
                          assertThat(e.decision().rule()).isEqualTo("test-rule");
                          assertThat(e.result().sqlstate()).isEqualTo("42501");
                        }));
  }

  @Test
  void refusalInsideATransactionKeepsTheTransactionUsable(EmbeddedPostgres postgres)
      throws SQLException {
    proxy = ProxyFixture.builder(postgres).decider(denyMarked(null)).start();
    try (Connection c = proxy.connect();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("CREATE TEMP TABLE tx_items (v int)");
      s.execute("INSERT INTO tx_items VALUES (1)");
      assertThatThrownBy(() -> s.execute("SELECT '" + FORBIDDEN + "'"))
          .isInstanceOf(SQLException.class)
          .hasFieldOrPropertyWithValue("SQLState", "42501");
      // Like any error in PostgreSQL, the refusal aborts the transaction block.
      assertThatThrownBy(() -> s.execute("SELECT 1"))
          .isInstanceOf(SQLException.class)
          .hasFieldOrPropertyWithValue("SQLState", "25P02");
      c.rollback();
      assertThat(count(s, "SELECT 1")).isEqualTo(1);
    }
  }

  @Test
  void refusalMidPipelineSkipsToSyncLikeTheServer(EmbeddedPostgres postgres) throws SQLException {
    proxy = ProxyFixture.builder(postgres).decider(denyMarked(null)).start();
    try (Connection c = proxy.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TEMP TABLE piped (v text)");
      s.addBatch("INSERT INTO piped VALUES ('a')");
      s.addBatch("INSERT INTO piped VALUES ('" + FORBIDDEN + "')");
      s.addBatch("INSERT INTO piped VALUES ('c')");
      assertThatThrownBy(s::executeBatch)
          .isInstanceOf(BatchUpdateException.class)
          .hasMessageContaining("blocked by rule");
      // The batch is one implicit transaction: the refusal rolls back the row inserted before it,
      // as a server-side error would.
      assertThat(count(s, "SELECT count(*) FROM piped")).isZero();
      assertThat(count(s, "SELECT 3")).isEqualTo(3);
    }
  }

  @Test
  void decisionsThatCompleteLaterKeepEveryResponseInOrder(EmbeddedPostgres postgres)
      throws SQLException {
    Executor later =
        CompletableFuture.delayedExecutor(2, java.util.concurrent.TimeUnit.MILLISECONDS);
    proxy = ProxyFixture.builder(postgres).decider(denyMarked(later)).start();
    try (Connection c = proxy.connect("alice", ProxyFixture.ALICE_PASSWORD, "prepareThreshold=1");
        Statement s = c.createStatement()) {
      s.execute("CREATE TEMP TABLE ordered (v int)");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO ordered VALUES (?)")) {
        for (int i = 0; i < 50; i++) {
          ps.setInt(1, i);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      List<Integer> values = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SELECT v FROM ordered ORDER BY v")) {
        while (rs.next()) {
          values.add(rs.getInt(1));
        }
      }
      assertThat(values).hasSize(50).startsWith(0, 1, 2).endsWith(49);
      assertThatThrownBy(() -> s.execute("SELECT '" + FORBIDDEN + "'"))
          .hasFieldOrPropertyWithValue("SQLState", "42501");
      assertThat(count(s, "SELECT 5")).isEqualTo(5);
    }
  }

  @Test
  void aFailingDecisionStepFailsClosed(EmbeddedPostgres postgres) throws SQLException {
    StatementDecider broken =
        (session, request) ->
            request.sql().contains("boom")
                ? CompletableFuture.failedStage(new IllegalStateException("analysis crashed"))
                : CompletableFuture.completedStage(Decision.allow());
    proxy = ProxyFixture.builder(postgres).decider(broken).start();
    try (Connection c = proxy.connect();
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute("SELECT 'boom'"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("could not be judged")
          .hasFieldOrPropertyWithValue("SQLState", "42501");
      assertThat(count(s, "SELECT 2")).isEqualTo(2);
    }
  }

  @Test
  void everyRowPassesTheTransformationStepOnEveryPath(EmbeddedPostgres postgres)
      throws SQLException {
    StatementDecider masking =
        (session, request) ->
            CompletableFuture.completedStage(
                request.sql().contains("email")
                    ? Decision.allow().withRows(new StarsEverything())
                    : Decision.allow());
    proxy = ProxyFixture.builder(postgres).decider(masking).start();
    for (String mode : List.of("preferQueryMode=simple", "prepareThreshold=1")) {
      try (Connection c = proxy.connect("alice", ProxyFixture.ALICE_PASSWORD, mode);
          PreparedStatement ps = c.prepareStatement("SELECT email FROM customers WHERE id = ?")) {
        for (int id = 1; id <= 5; id++) {
          ps.setLong(1, id);
          try (ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as(mode).isEqualTo("***");
          }
        }
      }
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        proxy
                            .audit()
                            .matching(
                                e ->
                                    "completed".equals(e.event())
                                        && "mask".equals(e.decision().action())))
                    .hasSize(10)
                    .allSatisfy(e -> assertThat(e.result().maskedValues()).isEqualTo(1)));
  }

  @Test
  void aRowLimitCutsResultsAndSaysSoOnEveryPath(EmbeddedPostgres postgres) throws SQLException {
    StatementDecider limited =
        (session, request) ->
            CompletableFuture.completedStage(
                Decision.allow().withRowLimit(new RowLimit(5, "five-rows"), null));
    proxy = ProxyFixture.builder(postgres).decider(limited).start();
    for (String mode : List.of("preferQueryMode=simple", "prepareThreshold=1")) {
      try (Connection c = proxy.connect("alice", ProxyFixture.ALICE_PASSWORD, mode);
          Statement s = c.createStatement()) {
        try (ResultSet rs = s.executeQuery("SELECT * FROM generate_series(1, 100)")) {
          assertThat(drain(rs)).as(mode).isEqualTo(5);
          assertThat((Object) s.getWarnings()).isNotNull();
          assertThat(s.getWarnings().getMessage())
              .contains("cut at 5 rows by rule \"five-rows\"")
              .contains("95 more rows");
        }
        // Each statement of a multi-statement query has its own limit.
        assertThat(s.execute("SELECT 1 FROM generate_series(1, 9); SELECT 2")).isTrue();
        assertThat(drain(s.getResultSet())).isEqualTo(5);
        assertThat(s.getMoreResults()).isTrue();
        assertThat(drain(s.getResultSet())).isEqualTo(1);
      }
    }
    // Fetching page by page (Execute with a row count on one portal) does not reset the limit.
    try (Connection c = proxy.connect();
        PreparedStatement ps = c.prepareStatement("SELECT * FROM generate_series(1, 100)")) {
      c.setAutoCommit(false);
      ps.setFetchSize(2);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(drain(rs)).isEqualTo(5);
      }
      c.rollback();
    }
  }

  private static int drain(ResultSet rs) throws SQLException {
    int rows = 0;
    while (rs.next()) {
      rows++;
    }
    return rows;
  }

  /** Replaces every non-null value with "***" (text format). */
  private static final class StarsEverything implements RowTransformer {
    @Override
    public RowDescription describe(RowDescription description) {
      return description;
    }

    @Override
    public DataRow transform(RowDescription description, DataRow row, Context context) {
      List<ByteBuf> columns = new ArrayList<>();
      int masked = 0;
      for (int i = 0; i < row.columnCount(); i++) {
        if (row.column(i) == null) {
          columns.add(null);
        } else {
          columns.add(Unpooled.wrappedBuffer("***".getBytes(StandardCharsets.UTF_8)));
          masked++;
        }
      }
      context.masked(masked);
      DataRow replaced = DataRow.of(context.alloc(), columns);
      row.release();
      return replaced;
    }
  }

  private static long count(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
