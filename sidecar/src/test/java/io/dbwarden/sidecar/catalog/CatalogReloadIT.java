package io.dbwarden.sidecar.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dbwarden.sidecar.demo.EmbeddedPostgres;
import io.dbwarden.sidecar.demo.SampleSchema;
import io.dbwarden.sidecar.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Reloads after DDL: a burst of requests while one reload runs makes exactly one more, so DDL that
 * came after the running reload read the catalog is still seen, and masking is never judged on a
 * catalog missing a table for good.
 */
@ExtendWith(PostgresExtension.class)
class CatalogReloadIT {

  @Test
  void requestsDuringAReloadMakeOneMoreAndItSeesTheirDdl(EmbeddedPostgres postgres)
      throws Exception {
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch[] gate = {new CountDownLatch(0)};
    try (CatalogService catalogs =
        new CatalogService(
            database -> {
              try {
                if (Thread.currentThread().getName().equals("dbwarden-catalog")) {
                  loads.incrementAndGet();
                  gate[0].await(30, TimeUnit.SECONDS);
                }
                return postgres.connect(database);
              } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
              }
            })) {
      catalogs.catalog(SampleSchema.DATABASE).get(30, TimeUnit.SECONDS);
      assertThat(loads).hasValue(1);

      gate[0] = new CountDownLatch(1);
      catalogs.refresh(SampleSchema.DATABASE);
      await().atMost(Duration.ofSeconds(10)).until(() -> loads.get() == 2);
      execute(postgres, "CREATE TABLE public.reload_probe (id int)");
      catalogs.refresh(SampleSchema.DATABASE);
      catalogs.refresh(SampleSchema.DATABASE);
      gate[0].countDown();

      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  catalogs
                      .catalog(SampleSchema.DATABASE)
                      .get()
                      .catalog()
                      .relation("public", "reload_probe")
                      .isPresent());
      // the two requests during the running reload made one more, not two
      await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(5))
          .until(() -> loads.get() == 3);
    } finally {
      execute(postgres, "DROP TABLE IF EXISTS public.reload_probe");
    }
  }

  private static void execute(EmbeddedPostgres postgres, String sql) throws SQLException {
    try (Connection c = postgres.connect(SampleSchema.DATABASE);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
