package io.dbwarden.sidecar.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.dbwarden.sidecar.catalog.CatalogSnapshot;
import io.dbwarden.sidecar.catalog.PgCatalogLoader;
import io.dbwarden.sidecar.catalog.Relation;
import io.dbwarden.sidecar.demo.EmbeddedPostgres;
import io.dbwarden.sidecar.demo.SampleSchema;
import io.dbwarden.sidecar.masking.classify.ColumnClassification;
import io.dbwarden.sidecar.masking.classify.SensitiveKind;
import io.dbwarden.sidecar.masking.classify.TableClassification;
import io.dbwarden.sidecar.masking.classify.TableClassifier;
import io.dbwarden.sidecar.testing.Backpressure;
import io.dbwarden.sidecar.testing.PeopleTable;
import io.dbwarden.sidecar.testing.PostgresExtension;
import io.dbwarden.sidecar.testing.ProxyFixture;
import io.dbwarden.sidecar.testing.RawPgClient;
import io.dbwarden.sidecar.testing.TestPolicies;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A masked result of a million rows streams with bounded memory: masking happens in the database,
 * which evaluates the rewritten statement, so masked rows pass the proxy like any others and a
 * client that stops reading stops the database, not the proxy's memory. Every row is checked to be
 * masked.
 */
@ExtendWith(PostgresExtension.class)
class MaskedStreamingIT {

  private static final int ROWS = 1_000_000;
  private static final String QUERY = "SELECT id, email, ssn, card_number FROM people";

  /** Far below the ~75 MB the masked result would take if the proxy buffered it. */
  private static final long MEMORY_BOUND = 16L * 1024 * 1024;

  private static EmbeddedPostgres postgres;
  private static ProxyFixture proxy;

  @BeforeAll
  static void start(EmbeddedPostgres server) throws SQLException {
    postgres = server;
    try (Connection c = postgres.connect(SampleSchema.DATABASE)) {
      PeopleTable.create(c, "people", ROWS);
    }
    proxy = ProxyFixture.builder(postgres).policy(TestPolicies.demoWithoutRowLimits()).start();
  }

  @AfterAll
  static void stop() {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void thePeoplesPersonalDataIsFoundByNameAndByContent() throws SQLException {
    Map<String, String> found = new TreeMap<>();
    try (Connection c = postgres.connect(SampleSchema.DATABASE)) {
      CatalogSnapshot catalog = (CatalogSnapshot) PgCatalogLoader.load(c);
      Relation people = catalog.relation("public", "people").orElseThrow();
      TableClassification classification =
          TableClassifier.classify(
              people, catalog.version(), TableClassifier.sample(c, people), true);
      for (ColumnClassification column : classification.columns()) {
        if (column.sensitive()) {
          // every sampled value has the shape the name promises
          assertThat(column.hits()).as(column.column()).isEqualTo(column.sampled()).isPositive();
          found.put(column.column(), column.kind() + " " + column.rule());
        }
      }
    }
    assertThat(found)
        .containsExactly(
            Map.entry("card_number", SensitiveKind.PAYMENT_CARD + " name:payment-card"),
            Map.entry("email", SensitiveKind.EMAIL + " name:email"),
            Map.entry("ssn", SensitiveKind.NATIONAL_ID + " name:national-id"));
  }

  @Test
  void aClientThatStopsReadingStopsTheDatabaseNotTheProxyMemory() throws Exception {
    try (RawPgClient client = new RawPgClient(proxy.address())) {
      client.login(ProxyFixture.ALICE, ProxyFixture.ALICE_PASSWORD, SampleSchema.DATABASE);
      client.sendQuery(QUERY);

      // the database runs the rewritten statement, which starts as the client's did
      Backpressure.awaitDatabaseBlockedOnClient(
          postgres, SampleSchema.DATABASE, "SELECT id, email, ssn, card_number FROM (SELECT");
      assertThat(Backpressure.usedDirectMemory()).isLessThan(MEMORY_BOUND);

      MaskedRows rows = new MaskedRows();
      RawPgClient.Message message;
      while ((message = client.read()).type() != 'Z') {
        if (message.type() == 'E') {
          fail("the query failed: " + message.fields());
        }
        if (message.type() == 'D') {
          String[] values = message.values();
          rows.check(Long.parseLong(values[0]), List.of(values[1], values[2], values[3]));
        }
      }
      rows.assertAllMasked();
    }
  }

  @Test
  void aMillionMaskedRowsThroughPgjdbc() throws SQLException {
    try (Connection c = proxy.connect()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.setFetchSize(10_000);
        MaskedRows rows = new MaskedRows();
        try (ResultSet rs = s.executeQuery(QUERY)) {
          while (rs.next()) {
            rows.check(rs.getLong(1), List.of(rs.getString(2), rs.getString(3), rs.getString(4)));
          }
        }
        rows.assertAllMasked();
      }
    }
  }

  /** Counts rows, and keeps the first whose values are not row {@code id}'s masked ones. */
  private static final class MaskedRows {
    private long count;
    private long idSum;
    private String firstUnmasked;

    void check(long id, List<String> values) {
      count++;
      idSum += id;
      if (firstUnmasked == null && !values.equals(PeopleTable.masked(id))) {
        firstUnmasked = id + ": " + values;
      }
    }

    void assertAllMasked() {
      assertThat(firstUnmasked).as("a row not masked as expected").isNull();
      assertThat(count).isEqualTo(ROWS);
      // every id once, so every row was checked
      assertThat(idSum).isEqualTo((long) ROWS * (ROWS + 1) / 2);
    }
  }
}
