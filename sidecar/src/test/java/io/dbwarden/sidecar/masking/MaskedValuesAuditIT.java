package io.dbwarden.sidecar.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dbwarden.api.audit.AuditEvent;
import io.dbwarden.sidecar.testing.DemoProxy;
import io.dbwarden.sidecar.testing.ProxyFixture;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;

/**
 * Every route a masked value takes names its columns and counts its values in the statement's audit
 * record: queries over both protocols, a cursor's fetches, SQL-level prepared statements and COPY,
 * where the values never pass as rows.
 */
class MaskedValuesAuditIT {

  /** Customers 1 to 3, whose e-mail addresses and SSNs are all set in the demo data. */
  private static final String THREE = "SELECT id, email, ssn FROM customers WHERE id <= 3";

  @RegisterExtension static final DemoProxy DEMO = new DemoProxy();

  @ParameterizedTest
  @ValueSource(strings = {"preferQueryMode=simple", "prepareThreshold=1", "prepareThreshold=-1"})
  void aQuery(String mode) throws SQLException {
    try (Connection c =
            DEMO.proxy().connect(ProxyFixture.ALICE, ProxyFixture.ALICE_PASSWORD, mode);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(THREE)) {
      while (rs.next()) {
        assertThat(rs.getString("email")).contains("***");
      }
    }
    assertMasked(completedStartingWith("SELECT id, email"), 6, 3);
  }

  @Test
  void aCursorsFetches() throws SQLException {
    try (Connection c = DEMO.proxy().connect(ProxyFixture.ALICE, ProxyFixture.ALICE_PASSWORD, "");
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("DECLARE cur CURSOR FOR " + THREE);
      try (ResultSet rs = s.executeQuery("FETCH 2 FROM cur")) {
        while (rs.next()) {
          assertThat(rs.getString("ssn")).startsWith("***");
        }
      }
      s.executeQuery("FETCH ALL FROM cur").close();
      c.commit();
    }
    List<AuditEvent> fetches = completedStartingWith("FETCH");
    assertThat(fetches).hasSize(2);
    assertMasked(List.of(fetches.get(0)), 4, 2);
    assertMasked(List.of(fetches.get(1)), 2, 1);
  }

  @Test
  void aPreparedStatementsExecutions() throws SQLException {
    try (Connection c =
            DEMO.proxy()
                .connect(
                    ProxyFixture.ALICE, ProxyFixture.ALICE_PASSWORD, "preferQueryMode=simple");
        Statement s = c.createStatement()) {
      s.execute("PREPARE three AS " + THREE);
      for (int i = 0; i < 2; i++) {
        s.executeQuery("EXECUTE three").close();
      }
    }
    List<AuditEvent> executions = completedStartingWith("EXECUTE");
    assertThat(executions).hasSize(2);
    for (AuditEvent execution : executions) {
      assertMasked(List.of(execution), 6, 3);
    }
  }

  @Test
  void aCopyOut() throws Exception {
    try (Connection c = DEMO.proxy().connect(ProxyFixture.ALICE, ProxyFixture.ALICE_PASSWORD, "")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      c.unwrap(PGConnection.class)
          .getCopyAPI()
          .copyOut("COPY (" + THREE + ") TO STDOUT (FORMAT csv)", out);
      assertThat(out.toString()).contains("***");
    }
    assertMasked(completedStartingWith("COPY"), 6, 3);
  }

  private static List<AuditEvent> completedStartingWith(String prefix) {
    await().atMost(Duration.ofSeconds(10)).until(() -> !completed(prefix).isEmpty());
    return completed(prefix);
  }

  private static List<AuditEvent> completed(String prefix) {
    return DEMO.proxy()
        .audit()
        .matching(
            e ->
                "statement".equals(e.type())
                    && "completed".equals(e.event())
                    && e.statement().text().startsWith(prefix));
  }

  private static void assertMasked(List<AuditEvent> records, long values, long rows) {
    assertThat(records).hasSize(1);
    AuditEvent record = records.get(0);
    assertThat(record.decision().action()).isEqualTo("mask");
    assertThat(record.result().rows()).isEqualTo(rows);
    assertThat(record.result().maskedValues()).isEqualTo(values);
    assertThat(record.result().maskedColumns())
        .containsExactly("public.customers.email", "public.customers.ssn");
  }
}
