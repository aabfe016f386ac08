package io.dbwarden.sidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbwarden.sidecar.demo.EmbeddedPostgres;
import io.dbwarden.sidecar.demo.SampleSchema;
import io.dbwarden.sidecar.testing.PostgresExtension;
import io.dbwarden.sidecar.testing.Programs;
import io.dbwarden.sidecar.testing.ProxyFixture;
import io.dbwarden.sidecar.testing.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * libpq clients through the proxy: psql (multi-statement queries, {@code \copy} both ways, an error
 * in the middle of a session) and pgbench in each of its query modes. Skipped where psql and
 * pgbench are not installed.
 */
@ExtendWith(PostgresExtension.class)
class LibpqIT {

  private static final String BENCH_DATABASE = "bench";

  private static EmbeddedPostgres postgres;
  private static ProxyFixture proxy;
  @TempDir static Path dir;

  @BeforeAll
  static void start(EmbeddedPostgres server) throws Exception {
    Assumptions.assumeTrue(
        Programs.onPath("psql") && Programs.onPath("pgbench"),
        "psql and pgbench are not on the PATH");
    postgres = server;
    proxy = ProxyFixture.builder(postgres).start();
  }

  @AfterAll
  static void stop() {
    if (proxy != null) {
      proxy.close();
    }
  }

  /** psql as alice through the proxy. */
  private static Programs.Result psql(boolean stopOnError, String stdin, String... arguments)
      throws IOException, InterruptedException {
    return Programs.psqlAsAlice(proxy, stopOnError, stdin, dir, arguments);
  }

  @Test
  void multiStatementCommand() throws Exception {
    Programs.Result result = psql(true, null, "-c", "select 1; select 2");
    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.stdout().lines()).as(result.describe()).containsExactly("1", "2");
  }

  @Test
  void copyOutAndInThroughTheProxy() throws Exception {
    Path csv = dir.resolve("customers.csv");
    String script =
        "create temp table copied (id bigint, email text);\n"
            + "\\copy (select id, email from customers where id <= 100 order by id) to '"
            + csv
            + "' csv\n"
            + "\\copy copied from '"
            + csv
            + "' csv\n"
            + "select count(*), count(distinct email) from copied;\n"
            + "select count(*) from copied c join customers u using (id, email);\n";
    Programs.Result result = psql(true, script);
    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.stdout().lines())
        .as(result.describe())
        .containsExactly("CREATE TABLE", "COPY 100", "COPY 100", "100|100", "100");
    assertThat(Files.readAllLines(csv)).hasSize(100);
  }

  @Test
  void copyIntoATableMadeByTheApplication() throws Exception {
    try (Connection app =
            java.sql.DriverManager.getConnection(
                postgres.jdbcUrl(SampleSchema.DATABASE),
                SampleSchema.APP_ROLE,
                PostgresExtension.APP_PASSWORD);
        Statement statement = app.createStatement()) {
      statement.execute("drop table if exists libpq_copy_target");
      statement.execute("create table libpq_copy_target (n int, label text)");
    }
    Path csv = dir.resolve("numbers.csv");
    StringBuilder rows = new StringBuilder();
    for (int n = 1; n <= 1000; n++) {
      rows.append(n).append(",\"row ").append(n).append(", quoted\"\n");
    }
    Files.writeString(csv, rows);
    Programs.Result result =
        psql(true, null, "-c", "\\copy libpq_copy_target from '" + csv + "' csv");
    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.stdout()).as(result.describe()).contains("COPY 1000");
    try (Connection app =
            java.sql.DriverManager.getConnection(
                postgres.jdbcUrl(SampleSchema.DATABASE),
                SampleSchema.APP_ROLE,
                PostgresExtension.APP_PASSWORD);
        Statement statement = app.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "select count(*), sum(n) from libpq_copy_target where label = 'row ' || n || ',"
                    + " quoted'")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(1000);
      assertThat(rs.getLong(2)).isEqualTo(500_500);
    }
  }

  @Test
  void aFailingStatementDoesNotEndTheSession() throws Exception {
    Programs.Result result =
        psql(false, "select 1/0;\nselect 'still here';\nselect count(*) from customers;\n");
    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.stderr()).as(result.describe()).contains("division by zero");
    assertThat(result.stdout().lines()).as(result.describe()).containsExactly("still here", "500");
  }

  @Test
  void aFailingStatementInsideATransactionRollsItBack() throws Exception {
    Programs.Result result =
        psql(
            false,
            "begin;\nselect 1/0;\nselect 'in aborted transaction';\nrollback;\nselect 'after';\n");
    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.stderr())
        .as(result.describe())
        .contains("division by zero")
        .contains("current transaction is aborted");
    assertThat(result.stdout().lines())
        .as(result.describe())
        .containsExactly("BEGIN", "ROLLBACK", "after");
  }

  @Test
  void psqlOverTlsVerifiesTheProxysCertificate() throws Exception {
    TestCertificates certificates = TestCertificates.create(Files.createTempDirectory(dir, "tls"));
    try (ProxyFixture tls = ProxyFixture.builder(postgres).clientTls(certificates, false).start()) {
      String conninfo =
          "host=127.0.0.1 port="
              + tls.port()
              + " user="
              + ProxyFixture.ALICE
              + " dbname="
              + SampleSchema.DATABASE
              + " sslmode=verify-full sslrootcert="
              + certificates.caCertificate();
      Programs.Result result =
          Programs.run(
              List.of(
                  "psql",
                  "-X",
                  "-A",
                  "-t",
                  "-v",
                  "ON_ERROR_STOP=1",
                  "-c",
                  "\\conninfo",
                  "-c",
                  "select count(*) from customers",
                  conninfo),
              ProxyFixture.ALICE_PASSWORD,
              null,
              dir);
      assertThat(result.exitCode()).as(result.describe()).isZero();
      assertThat(result.stdout()).as(result.describe()).contains("SSL connection").contains("500");
      Programs.Result plaintext =
          Programs.run(
              List.of(
                  "psql",
                  "-X",
                  "-c",
                  "select 1",
                  conninfo.replace("sslmode=verify-full", "sslmode=disable")),
              ProxyFixture.ALICE_PASSWORD,
              null,
              dir);
      assertThat(plaintext.exitCode()).as(plaintext.describe()).isNotZero();
      assertThat(plaintext.stderr()).as(plaintext.describe()).contains("only accepts TLS");
    }
  }

  /** A pgbench dataset in its own database, made directly on the server, not through the proxy. */
  private static synchronized void benchDatabase() throws Exception {
    try (Connection admin = postgres.connect("postgres");
        Statement statement = admin.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "select 1 from pg_database where datname = '" + BENCH_DATABASE + "'")) {
      if (rs.next()) {
        return;
      }
      statement.execute("create database " + BENCH_DATABASE + " owner " + SampleSchema.APP_ROLE);
    }
    Programs.Result init =
        Programs.run(
            List.of(
                "pgbench",
                "-i",
                "-s",
                "1",
                "-h",
                postgres.host(),
                "-p",
                Integer.toString(postgres.port()),
                "-U",
                SampleSchema.APP_ROLE,
                BENCH_DATABASE),
            PostgresExtension.APP_PASSWORD,
            null,
            dir);
    assertThat(init.exitCode()).as(init.describe()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"simple", "extended", "prepared"})
  void pgbenchSelectOnly(String mode) throws Exception {
    benchDatabase();
    Programs.Result result =
        Programs.run(
            List.of(
                "pgbench",
                "-S",
                "-n",
                "-M",
                mode,
                "-c",
                "2",
                "-t",
                "200",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(proxy.port()),
                "-U",
                ProxyFixture.ALICE,
                BENCH_DATABASE),
            ProxyFixture.ALICE_PASSWORD,
            null,
            dir);
    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.stdout())
        .as(result.describe())
        .contains("query mode: " + mode)
        .contains("number of transactions actually processed: 400/400");
    assertThat((result.stdout() + result.stderr()).toLowerCase())
        .as(result.describe())
        .doesNotContain("error")
        .doesNotContain("abort");
  }
}
