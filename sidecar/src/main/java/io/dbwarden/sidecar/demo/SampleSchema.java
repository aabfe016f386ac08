package io.dbwarden.sidecar.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The demo's {@code shop} database: customers with names, emails, phones, card numbers, SSNs and
 * dates of birth; orders; support tickets whose free text repeats some of that; API keys with
 * secrets and cloud access keys; employees with password hashes. An application role owns it.
 */
public final class SampleSchema {

  public static final String DATABASE = "shop";
  public static final String APP_ROLE = "app";

  private SampleSchema() {}

  /**
   * Creates the database, the application role (with a SCRAM-SHA-256 password) and the data.
   *
   * @param appPassword the application role's password
   */
  public static void load(EmbeddedPostgres postgres, String appPassword) throws SQLException {
    try (Connection admin = postgres.connect("postgres");
        Statement statement = admin.createStatement()) {
      statement.execute("SET password_encryption = 'scram-sha-256'");
      statement.execute(
          "CREATE ROLE " + APP_ROLE + " LOGIN PASSWORD '" + appPassword.replace("'", "''") + "'");
      statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + APP_ROLE);
    }
    try (Connection shop = postgres.connect(DATABASE);
        Statement statement = shop.createStatement()) {
      statement.execute("SET ROLE " + APP_ROLE);
      statement.execute(script());
    }
  }

  private static String script() {
    try (InputStream in = SampleSchema.class.getResourceAsStream("sample-schema.sql")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
