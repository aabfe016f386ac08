package io.dbwarden.sidecar.testing;

import io.dbwarden.sidecar.demo.EmbeddedPostgres;
import io.dbwarden.sidecar.demo.SampleSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Rows added to the sample schema directly, behind the proxy's back, for a test to act on. */
public final class SampleRows {

  private SampleRows() {}

  /** Adds a customer with {@code id}, which no order refers to, and returns the id. */
  public static int newCustomer(EmbeddedPostgres postgres, int id) throws SQLException {
    try (Connection c = postgres.connect(SampleSchema.DATABASE);
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO customers (id, full_name, email, country, created_at) VALUES ("
              + id
              + ", 'Test Person', 'test"
              + id
              + "@example.com', 'FR', now())");
    }
    return id;
  }
}
