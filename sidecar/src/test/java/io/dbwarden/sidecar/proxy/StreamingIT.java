package io.dbwarden.sidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbwarden.sidecar.demo.EmbeddedPostgres;
import io.dbwarden.sidecar.identity.Identity;
import io.dbwarden.sidecar.testing.Backpressure;
import io.dbwarden.sidecar.testing.PostgresExtension;
import io.dbwarden.sidecar.testing.ProxyFixture;
import io.dbwarden.sidecar.testing.RawPgClient;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Results stream through the proxy with backpressure: a client that stops reading stops the proxy
 * reading from the database, so a result of any size needs bounded memory.
 */
@ExtendWith(PostgresExtension.class)
class StreamingIT {

  private static final int ROWS = 1_000_000;
  private static final String BIG_RESULT =
      "SELECT g, repeat('x', 200) AS filler FROM generate_series(1, " + ROWS + ") g";

  /** Far below the ~215 MB the result would take if the proxy buffered it. */
  private static final long MEMORY_BOUND = 64L * 1024 * 1024;

  private static ProxyFixture proxy;

  @BeforeAll
  static void start(EmbeddedPostgres postgres) {
    proxy =
        ProxyFixture.builder(postgres)
            .workload(
                new Identity(
                    Identity.Kind.ServiceAccount,
                    "shop/exporter",
                    List.of(),
                    null,
                    Identity.Method.WORKLOAD))
            .start();
  }

  @AfterAll
  static void stop() {
    proxy.close();
  }

  @Test
  void aClientThatStopsReadingStopsTheDatabaseNotTheProxyMemory() throws Exception {
    try (RawPgClient client = new RawPgClient(proxy.address())) {
      client.sendStartup("exporter", "shop");
      client.readUntil('Z');
      client.sendQuery(BIG_RESULT);

      Backpressure.awaitDatabaseBlockedOnClient(proxy.postgres(), "shop", BIG_RESULT);
      assertThat(Backpressure.usedDirectMemory()).isLessThan(MEMORY_BOUND);

      long rows = 0;
      RawPgClient.Message message;
      while ((message = client.read()).type() != 'Z') {
        if (message.type() == 'D') {
          rows++;
        }
      }
      assertThat(rows).isEqualTo(ROWS);
    }
  }

  @Test
  void aMillionRowsThroughPgjdbc() throws SQLException {
    try (Connection c = proxy.connect("exporter", "", "")) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.setFetchSize(10_000);
        long rows = 0;
        long sum = 0;
        try (ResultSet rs = s.executeQuery(BIG_RESULT)) {
          while (rs.next()) {
            rows++;
            sum += rs.getLong(1);
          }
        }
        assertThat(rows).isEqualTo(ROWS);
        assertThat(sum).isEqualTo((long) ROWS * (ROWS + 1) / 2);
      }
    }
  }
}
