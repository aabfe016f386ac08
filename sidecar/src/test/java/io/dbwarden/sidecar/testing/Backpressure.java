package io.dbwarden.sidecar.testing;

import static org.awaitility.Awaitility.await;

import io.dbwarden.sidecar.demo.EmbeddedPostgres;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Watches a proxy in this JVM relay a result to a client that has stopped reading: with
 * backpressure the proxy stops reading from the database, so its buffers stay flat and the database
 * waits to write ({@code wait_event = ClientWrite}). Without it the proxy would keep reading, its
 * memory would grow between samples, and the database would finish sending instead of waiting.
 */
public final class Backpressure {

  /** Memory that moves less than this between two samples is flat. */
  private static final long FLAT = 512 * 1024;

  private static final int FLAT_SAMPLES = 5;

  private Backpressure() {}

  /** Bytes of direct memory in use in Netty's default allocator, which the proxy reads into. */
  public static long usedDirectMemory() {
    return ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric().usedDirectMemory();
  }

  /**
   * Waits until, for several samples in a row, the database is blocked writing the result of the
   * statement whose text contains {@code marker} while the proxy's memory does not move.
   *
   * @param marker a part of the statement as the database sees it (after any rewrite by the proxy)
   */
  public static void awaitDatabaseBlockedOnClient(
      EmbeddedPostgres postgres, String database, String marker) {
    long[] previous = {-1};
    int[] flatSamples = {0};
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              long used = usedDirectMemory();
              boolean flat = previous[0] >= 0 && Math.abs(used - previous[0]) < FLAT;
              previous[0] = used;
              boolean blocked = "ClientWrite".equals(waitEventOf(postgres, database, marker));
              flatSamples[0] = flat && blocked ? flatSamples[0] + 1 : 0;
              return flatSamples[0] >= FLAT_SAMPLES;
            });
  }

  private static String waitEventOf(EmbeddedPostgres postgres, String database, String marker)
      throws SQLException {
    try (Connection admin = postgres.connect(database);
        // the marker is a parameter, so this statement's own text does not contain it
        PreparedStatement s =
            admin.prepareStatement(
                "SELECT coalesce(wait_event, '') FROM pg_stat_activity"
                    + " WHERE strpos(query, ?) > 0 AND pid <> pg_backend_pid()")) {
      s.setString(1, marker);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : "";
      }
    }
  }
}
