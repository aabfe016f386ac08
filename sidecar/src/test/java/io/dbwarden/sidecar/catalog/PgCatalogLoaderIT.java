package io.dbwarden.sidecar.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbwarden.sidecar.demo.EmbeddedPostgres;
import io.dbwarden.sidecar.demo.SampleSchema;
import io.dbwarden.sidecar.sql.analysis.TableRef;
import io.dbwarden.sidecar.testing.PostgresExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PgCatalogLoaderIT {

  private static final String DATABASE = "catalog_loader_it";

  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void createDatabase(EmbeddedPostgres server) throws Exception {
    postgres = server;
    try (Connection admin = server.connect("postgres");
        Statement statement = admin.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + DATABASE);
      statement.execute("CREATE DATABASE " + DATABASE);
    }
    try (Connection connection = server.connect(DATABASE);
        Statement statement = connection.createStatement()) {
      statement.execute(sampleSchema());
      statement.execute(
          "CREATE VIEW customer_orders AS SELECT c.email, o.id AS order_id, o.total_cents"
              + " FROM customers c JOIN orders o ON o.customer_id = c.id");
      statement.execute(
          "CREATE VIEW big_customer_orders AS SELECT email FROM customer_orders"
              + " WHERE total_cents > 10000");
      statement.execute(
          "CREATE MATERIALIZED VIEW ticket_counts AS SELECT customer_id, count(*) AS n"
              + " FROM support_tickets GROUP BY customer_id");
      statement.execute("CREATE SCHEMA archive");
      statement.execute("CREATE TABLE archive.\"Orders\" (id bigint, \"Status\" varchar(20))");
      statement.execute("ALTER TABLE archive.\"Orders\" DROP COLUMN id");
      statement.execute(
          "CREATE TABLE events (id bigint, at timestamptz, payload jsonb)"
              + " PARTITION BY RANGE (at)");
      statement.execute("CREATE SEQUENCE invoice_numbers");
    }
  }

  private static String sampleSchema() throws IOException {
    try (InputStream in = SampleSchema.class.getResourceAsStream("sample-schema.sql")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Catalog load() throws SQLException {
    try (Connection connection = postgres.connect(DATABASE)) {
      return PgCatalogLoader.load(connection);
    }
  }

  @Test
  void tablesHaveTheirColumnsInOrderWithTypes() throws SQLException {
    Relation customers = load().relation("public", "customers").orElseThrow();

    assertThat(customers.kind()).isEqualTo(Relation.Kind.TABLE);
    assertThat(customers.columns())
        .extracting(Relation.Column::name)
        .containsExactly(
            "id",
            "full_name",
            "email",
            "phone",
            "card_number",
            "ssn",
            "date_of_birth",
            "street_address",
            "city",
            "country",
            "created_at");
    assertThat(customers.column("created_at").orElseThrow().type())
        .isEqualTo("timestamp with time zone");
    assertThat(customers.column("id").orElseThrow().typeOid()).isEqualTo(20); // int8
    Relation orders = load().relation("public", "orders").orElseThrow();
    assertThat(orders.column("currency").orElseThrow().type()).isEqualTo("character(3)");
    assertThat(customers.baseTables()).isEmpty();
  }

  @Test
  void aViewOverTwoTablesResolvesToBoth() throws SQLException {
    Relation view = load().relation("public", "customer_orders").orElseThrow();

    assertThat(view.kind()).isEqualTo(Relation.Kind.VIEW);
    assertThat(view.columns())
        .extracting(Relation.Column::name)
        .containsExactly("email", "order_id", "total_cents");
    assertThat(view.baseTables())
        .containsExactlyInAnyOrder(
            new TableRef("public", "customers"), new TableRef("public", "orders"));
  }

  @Test
  void viewsOverViewsResolveRecursively() throws SQLException {
    Catalog catalog = load();

    assertThat(catalog.relation("public", "big_customer_orders").orElseThrow().baseTables())
        .isEqualTo(Set.of(new TableRef("public", "customers"), new TableRef("public", "orders")));
    Relation matview = catalog.relation("public", "ticket_counts").orElseThrow();
    assertThat(matview.kind()).isEqualTo(Relation.Kind.MATERIALIZED_VIEW);
    assertThat(matview.baseTables()).containsExactly(new TableRef("public", "support_tickets"));
  }

  @Test
  void otherKindsAndSchemasAreIncluded() throws SQLException {
    Catalog catalog = load();

    Relation archived = catalog.relation("archive", "Orders").orElseThrow();
    assertThat(archived.columns()).extracting(Relation.Column::name).containsExactly("Status");
    assertThat(archived.columns().get(0).type()).isEqualTo("character varying(20)");
    assertThat(catalog.relation("public", "events").orElseThrow().kind())
        .isEqualTo(Relation.Kind.PARTITIONED_TABLE);
    assertThat(catalog.relation("public", "invoice_numbers").orElseThrow().kind())
        .isEqualTo(Relation.Kind.SEQUENCE);
    assertThat(catalog.relation("pg_catalog", "pg_authid")).isPresent();
    assertThat(catalog.relation("pg_catalog", "pg_stat_activity").orElseThrow().kind())
        .isEqualTo(Relation.Kind.VIEW);
    assertThat(catalog.relation("information_schema", "columns")).isPresent();
    assertThat(catalog.relation("public", "nothing")).isEmpty();
  }

  @Test
  void theVersionFollowsTheContent() throws SQLException {
    long before = load().version();
    assertThat(load().version()).isEqualTo(before);

    try (Connection connection = postgres.connect(DATABASE);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE scratch (id int)");
    }
    try {
      Catalog after = load();
      assertThat(after.version()).isNotEqualTo(before);
      assertThat(after.relation("public", "scratch")).isPresent();
    } finally {
      try (Connection connection = postgres.connect(DATABASE);
          Statement statement = connection.createStatement()) {
        statement.execute("DROP TABLE scratch");
      }
    }
  }
}
