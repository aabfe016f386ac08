package io.dbwarden.sidecar.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbwarden.api.policy.PolicyDocuments;
import io.dbwarden.sidecar.demo.EmbeddedPostgres;
import io.dbwarden.sidecar.policy.PolicyCompiler;
import io.dbwarden.sidecar.testing.PostgresExtension;
import io.dbwarden.sidecar.testing.ProxyFixture;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Writes by an identity whose reads are masked: a write to a table with protected columns is
 * refused whatever it names (the server's constraint errors echo whole rows in clear), and a write
 * elsewhere that uses a protected column to choose its rows is refused as a probe.
 */
@ExtendWith(PostgresExtension.class)
class MaskedWritesIT {

  private static final String POLICY =
      """
      apiVersion: dbwarden.io/v1alpha1
      kind: DatabasePolicy
      metadata: {name: writers}
      spec:
        rules:
          - name: analysts-write
            subjects: [{kind: Group, name: analysts}]
            operations: [SELECT, INSERT, UPDATE]
            tables: ["public.*"]
        masking:
          auto: true
          exempt: [{kind: Group, name: dba}]
      """;

  private static ProxyFixture proxy;

  @BeforeAll
  static void start(EmbeddedPostgres postgres) {
    proxy =
        ProxyFixture.builder(postgres)
            .policy(PolicyCompiler.compile(PolicyDocuments.parse(POLICY).policy()))
            .start();
  }

  @AfterAll
  static void stop() {
    proxy.close();
  }

  private static void assertRefused(Statement s, String sql, String rule) {
    assertThatThrownBy(() -> s.execute(sql))
        .as(sql)
        .isInstanceOf(SQLException.class)
        .hasFieldOrPropertyWithValue("SQLState", "42501")
        .hasMessageContaining("\"" + rule + "\"")
        .hasMessageNotContaining("Failing row");
  }

  @Test
  void aMaskedIdentityCannotWriteATableWithProtectedColumns() throws SQLException {
    try (Connection c = proxy.connect();
        Statement s = c.createStatement()) {
      // A NOT NULL violation would answer "Failing row contains (...)" with every column.
      assertRefused(s, "INSERT INTO customers (id) VALUES (999999)", "masking-write");
      assertRefused(s, "UPDATE customers SET country = NULL WHERE id = 1", "masking-write");
      assertRefused(
          s,
          "UPDATE orders SET status = status WHERE customer_id IN"
              + " (SELECT id FROM customers WHERE ssn LIKE '1%')",
          "masking-probe");
      assertThat(s.executeUpdate("UPDATE orders SET status = status WHERE id = 1")).isEqualTo(1);
    }
  }
}
