package io.dbwarden.sidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dbwarden.api.audit.AuditEvent;
import io.dbwarden.sidecar.demo.EmbeddedPostgres;
import io.dbwarden.sidecar.testing.PostgresExtension;
import io.dbwarden.sidecar.testing.ProxyFixture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.copy.CopyManager;
import org.postgresql.largeobject.LargeObject;
import org.postgresql.largeobject.LargeObjectManager;

/** Every protocol path pgjdbc uses, through the proxy, against a real PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class PgjdbcProtocolIT {

  private static ProxyFixture proxy;

  @BeforeAll
  static void start(EmbeddedPostgres postgres) {
    proxy = ProxyFixture.builder(postgres).start();
  }

  @AfterAll
  static void stop() {
    proxy.close();
  }

  @Test
  void simpleQueryReturnsRowsAndIsAudited() throws SQLException {
    try (Connection c =
            proxy.connect("alice", ProxyFixture.ALICE_PASSWORD, "preferQueryMode=simple");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, email FROM customers ORDER BY id LIMIT 3")) {
      int rows = 0;
      while (rs.next()) {
        rows++;
        assertThat(rs.getString("email")).endsWith("@example.com");
      }
      assertThat(rows).isEqualTo(3);
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(statementEvents("SELECT id, email FROM customers ORDER BY id LIMIT 3"))
                    .singleElement()
                    .satisfies(
                        e -> {
                          assertThat(e.identity().name()).isEqualTo("alice");
                          assertThat(e.result().rows()).isEqualTo(3);
                          assertThat(e.decision().action()).isEqualTo("allow");
                          assertThat(e.statement().protocol()).isEqualTo("simple");
                          assertThat(e.database()).isEqualTo("shop");
                          assertThat(e.durationMicros()).isNotNull();
                        }));
  }

  @Test
  void multiStatementSimpleQuery() throws SQLException {
    try (Connection c =
            proxy.connect("alice", ProxyFixture.ALICE_PASSWORD, "preferQueryMode=simple");
        Statement s = c.createStatement()) {
      assertThat(s.execute("SELECT 1; SELECT 2, 3; SELECT 'x'")).isTrue();
      int results = 1;
      while (s.getMoreResults()) {
        results++;
      }
      assertThat(results).isEqualTo(3);
    }
  }

  @Test
  void namedServerSidePreparedStatementsAreReused() throws SQLException {
    try (Connection c = proxy.connect("alice", ProxyFixture.ALICE_PASSWORD, "prepareThreshold=1");
        PreparedStatement ps = c.prepareStatement("SELECT full_name FROM customers WHERE id = ?")) {
      for (int id = 1; id <= 20; id++) {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isNotBlank();
        }
      }
      assertThat(ps.unwrap(org.postgresql.PGStatement.class).isUseServerPrepare()).isTrue();
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(statementEvents("SELECT full_name FROM customers WHERE id = $1"))
                    .hasSize(20)
                    .allSatisfy(
                        e -> {
                          assertThat(e.statement().protocol()).isEqualTo("extended");
                          assertThat(e.result().rows()).isEqualTo(1);
                        }));
  }

  @Test
  void binaryTransferOfTypedValues() throws SQLException {
    try (Connection c =
            proxy.connect(
                "alice", ProxyFixture.ALICE_PASSWORD, "binaryTransfer=true&prepareThreshold=-1");
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, date_of_birth, created_at, ?::int8 * 2 FROM customers WHERE id = ?")) {
      ps.setLong(1, 21);
      ps.setLong(2, 7);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(7);
        assertThat(rs.getDate(2)).isNotNull();
        assertThat(rs.getTimestamp(3)).isNotNull();
        assertThat(rs.getLong(4)).isEqualTo(42);
      }
    }
  }

  @Test
  void batchedInsertsAndTransactionRollback() throws SQLException {
    try (Connection c = proxy.connect()) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TEMP TABLE batch_items (id int, label text)");
      }
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch_items VALUES (?, ?)")) {
        for (int i = 0; i < 500; i++) {
          ps.setInt(1, i);
          ps.setString(2, "item " + i);
          ps.addBatch();
        }
        assertThat(ps.executeBatch()).hasSize(500);
      }
      c.commit();
      try (Statement s = c.createStatement()) {
        s.execute("DELETE FROM batch_items WHERE id < 100");
        c.rollback();
        assertThat(count(s, "SELECT count(*) FROM batch_items")).isEqualTo(500);
        s.execute("DELETE FROM batch_items WHERE id < 100");
        c.commit();
        assertThat(count(s, "SELECT count(*) FROM batch_items")).isEqualTo(400);
      }
    }
  }

  @Test
  void errorsInsideATransactionFollowTheServersRecovery() throws SQLException {
    try (Connection c = proxy.connect();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      assertThatThrownBy(() -> s.execute("SELECT 1/0"))
          .isInstanceOf(SQLException.class)
          .hasFieldOrPropertyWithValue("SQLState", "22012");
      assertThatThrownBy(() -> s.execute("SELECT 1"))
          .isInstanceOf(SQLException.class)
          .hasFieldOrPropertyWithValue("SQLState", "25P02");
      c.rollback();
      assertThat(count(s, "SELECT 41 + 1")).isEqualTo(42);
    }
  }

  @Test
  void copyOutAndCopyIn() throws Exception {
    try (Connection c = proxy.connect()) {
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      long copiedOut =
          copy.copyOut("COPY (SELECT id, status FROM orders WHERE id <= 100) TO STDOUT", out);
      assertThat(copiedOut).isEqualTo(100);
      assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(100);

      try (Statement s = c.createStatement()) {
        s.execute("CREATE TEMP TABLE copied (id bigint, status text)");
      }
      long copiedIn =
          copy.copyIn("COPY copied FROM STDIN", new ByteArrayInputStream(out.toByteArray()));
      assertThat(copiedIn).isEqualTo(100);
      try (Statement s = c.createStatement()) {
        assertThat(count(s, "SELECT count(*) FROM copied")).isEqualTo(100);
      }
    }
  }

  @Test
  void cancelReachesTheRightBackend() throws Exception {
    try (Connection c = proxy.connect();
        Statement s = c.createStatement()) {
      CompletableFuture<Void> canceller =
          CompletableFuture.runAsync(
              () -> {
                try {
                  await()
                      .atMost(Duration.ofSeconds(10))
                      .until(() -> sleeping(proxy.postgres()), n -> n > 0);
                  s.cancel();
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              });
      assertThatThrownBy(() -> s.execute("SELECT pg_sleep(30)"))
          .isInstanceOf(SQLException.class)
          .hasFieldOrPropertyWithValue("SQLState", "57014");
      canceller.join();
      assertThat(count(s, "SELECT 1")).isEqualTo(1);
    }
  }

  @Test
  void listenNotify() throws Exception {
    try (Connection listener = proxy.connect();
        Connection notifier = proxy.connect();
        Statement l = listener.createStatement();
        Statement n = notifier.createStatement()) {
      l.execute("LISTEN orders_changed");
      n.execute("NOTIFY orders_changed, 'order 42'");
      PGNotification[] received =
          await()
              .atMost(Duration.ofSeconds(10))
              .until(
                  () -> {
                    l.execute("SELECT 1");
                    return listener.unwrap(PGConnection.class).getNotifications();
                  },
                  notes -> notes != null && notes.length > 0);
      assertThat(received[0].getName()).isEqualTo("orders_changed");
      assertThat(received[0].getParameter()).isEqualTo("order 42");
    }
  }

  @Test
  void portalSuspensionWithFetchSize() throws SQLException {
    try (Connection c = proxy.connect()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.setFetchSize(100);
        long rows = 0;
        try (ResultSet rs = s.executeQuery("SELECT g FROM generate_series(1, 25000) g")) {
          while (rs.next()) {
            rows++;
          }
        }
        assertThat(rows).isEqualTo(25_000);
      }
      c.commit();
    }
  }

  @Test
  void parameterStatusIsTracked() throws SQLException {
    try (Connection c = proxy.connect();
        Statement s = c.createStatement()) {
      s.execute("SET application_name = 'reporting-job'");
      s.execute("SET search_path = public");
      try (ResultSet rs = s.executeQuery("SHOW application_name")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("reporting-job");
      }
    }
  }

  @Test
  void functionCallsThroughTheLargeObjectApi() throws SQLException {
    try (Connection c = proxy.connect()) {
      c.setAutoCommit(false);
      LargeObjectManager objects = c.unwrap(PGConnection.class).getLargeObjectAPI();
      long oid = objects.createLO(LargeObjectManager.READWRITE);
      try (LargeObject object = objects.open(oid, LargeObjectManager.READWRITE)) {
        object.write("governed bytes".getBytes(StandardCharsets.UTF_8));
        object.seek(0);
        assertThat(new String(object.read(14), StandardCharsets.UTF_8)).isEqualTo("governed bytes");
      }
      objects.delete(oid);
      c.commit();
    }
    assertThat(
            proxy
                .audit()
                .matching(
                    e -> e.statement() != null && "function_call".equals(e.statement().protocol())))
        .isNotEmpty();
  }

  @Test
  void noticesReachTheClient() throws SQLException {
    try (Connection c = proxy.connect();
        Statement s = c.createStatement()) {
      s.execute("DO $$ BEGIN RAISE NOTICE 'heads up from the server'; END $$");
      assertThat(s.getWarnings().getMessage()).contains("heads up from the server");
    }
  }

  private static long sleeping(EmbeddedPostgres postgres) throws SQLException {
    try (Connection admin = postgres.connect("shop");
        Statement s = admin.createStatement()) {
      return count(
          s,
          "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)'"
              + " AND state = 'active'");
    }
  }

  private static long count(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static java.util.List<AuditEvent> statementEvents(String sql) {
    return proxy
        .audit()
        .matching(e -> "completed".equals(e.event()) && sql.equals(e.statement().text()));
  }
}
