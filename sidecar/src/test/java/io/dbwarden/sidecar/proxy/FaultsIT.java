package io.dbwarden.sidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dbwarden.sidecar.config.ProxyConfig;
import io.dbwarden.sidecar.demo.EmbeddedPostgres;
import io.dbwarden.sidecar.testing.PostgresExtension;
import io.dbwarden.sidecar.testing.ProxyFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The database going away, shutdown and timeouts: the client always hears, never hangs. */
@ExtendWith(PostgresExtension.class)
class FaultsIT {

  @Test
  void theDatabaseGoingAwayMidStatementReachesTheClientAtOnce(EmbeddedPostgres postgres)
      throws Exception {
    try (ProxyFixture proxy = ProxyFixture.builder(postgres).start();
        Connection c = proxy.connect();
        Statement s = c.createStatement()) {
      String query = "SELECT pg_sleep(60) /* lost */";
      CompletableFuture<Void> killer =
          CompletableFuture.runAsync(
              () -> {
                await().atMost(Duration.ofSeconds(10)).until(() -> backends(postgres, query) > 0);
                terminate(postgres, query);
              });
      assertThatThrownBy(() -> s.execute(query))
          .isInstanceOf(SQLException.class)
          .satisfies(
              e -> assertThat(((SQLException) e).getSQLState()).isIn("57P01", "08006", "08003"));
      killer.join();
      assertThat(c.isValid(2)).isFalse();
      try (Connection fresh = proxy.connect();
          Statement t = fresh.createStatement();
          ResultSet rs = t.executeQuery("SELECT 1")) {
        assertThat(rs.next()).isTrue();
      }
    }
  }

  @Test
  void gracefulShutdownLetsTheRunningStatementFinish(EmbeddedPostgres postgres) throws Exception {
    ProxyFixture proxy = ProxyFixture.builder(postgres).start();
    try (Connection c = proxy.connect();
        Statement s = c.createStatement()) {
      String query = "SELECT 'done' FROM pg_sleep(1) /* draining */";
      CompletableFuture<Void> shutdown =
          CompletableFuture.runAsync(
              () -> {
                await().atMost(Duration.ofSeconds(10)).until(() -> backends(postgres, query) > 0);
                proxy.close();
              });
      try (ResultSet rs = s.executeQuery(query)) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("done");
      }
      shutdown.join();
      assertThatThrownBy(() -> s.execute("SELECT 1")).isInstanceOf(SQLException.class);
    }
    assertThatThrownBy(proxy::connect).isInstanceOf(SQLException.class);
    assertThat(proxy.audit().matching(e -> "closed".equals(e.event()))).isNotEmpty();
  }

  @Test
  void idleConnectionsAreClosedButLongStatementsAreNot(EmbeddedPostgres postgres) throws Exception {
    ProxyConfig.Limits limits =
        new ProxyConfig.Limits(
            10, Duration.ofSeconds(10), Duration.ofMillis(300), 1 << 20, Duration.ofSeconds(5));
    try (ProxyFixture proxy = ProxyFixture.builder(postgres).limits(limits).start();
        Connection c = proxy.connect();
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT 'slow' FROM pg_sleep(1)")) {
        assertThat(rs.next()).isTrue();
      }
      // Watching the audit log, not the connection: probing it would be traffic.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  proxy
                          .audit()
                          .matching(
                              e -> "closed".equals(e.event()) && "connection".equals(e.type()))
                          .size()
                      == 1);
      assertThat(c.isValid(1)).isFalse();
    }
  }

  private static long backends(EmbeddedPostgres postgres, String query) throws SQLException {
    try (Connection admin = postgres.connect("shop");
        Statement s = admin.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query = '"
                    + query.replace("'", "''")
                    + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void terminate(EmbeddedPostgres postgres, String query) {
    try (Connection admin = postgres.connect("shop");
        Statement s = admin.createStatement()) {
      s.execute(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = '"
              + query.replace("'", "''")
              + "'");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
