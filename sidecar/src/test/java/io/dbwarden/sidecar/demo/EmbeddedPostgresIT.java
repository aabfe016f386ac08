package io.dbwarden.sidecar.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbwarden.sidecar.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class EmbeddedPostgresIT {

  @Test
  void sampleSchemaIsLoadedAndOwnedByTheAppRole(EmbeddedPostgres postgres) throws SQLException {
    try (Connection app =
            DriverManager.getConnection(
                postgres.jdbcUrl("shop"), "app", PostgresExtension.APP_PASSWORD);
        Statement statement = app.createStatement()) {
      assertThat(count(statement, "customers")).isEqualTo(500);
      assertThat(count(statement, "orders")).isEqualTo(5000);
      assertThat(count(statement, "support_tickets")).isEqualTo(300);
      assertThat(count(statement, "api_keys")).isEqualTo(120);
      assertThat(count(statement, "employees")).isEqualTo(8);
      ResultSet luhn =
          statement.executeQuery(
              "SELECT count(*) FROM customers WHERE card_number !~ '^4[0-9]{15}$'");
      luhn.next();
      assertThat(luhn.getLong(1)).isZero();
    }
  }

  @Test
  void passwordsAreRequired(EmbeddedPostgres postgres) {
    assertThatThrownBy(
            () -> DriverManager.getConnection(postgres.jdbcUrl("shop"), "app", "wrong").close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password authentication failed");
  }

  @Test
  void aSecondServerStartsAndStopsCleanly() throws SQLException {
    EmbeddedPostgres other = EmbeddedPostgres.builder().start();
    try (Connection connection = other.connect("postgres");
        Statement statement = connection.createStatement()) {
      ResultSet rs = statement.executeQuery("SELECT current_setting('fsync')");
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("off");
    } finally {
      other.close();
    }
    assertThatThrownBy(() -> other.connect("postgres").close()).isInstanceOf(SQLException.class);
  }

  private static long count(Statement statement, String table) throws SQLException {
    try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
