package io.dbwarden.sidecar.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dbwarden.api.audit.AuditEvent;
import io.dbwarden.sidecar.demo.DemoPolicy;
import io.dbwarden.sidecar.demo.EmbeddedPostgres;
import io.dbwarden.sidecar.demo.SampleSchema;
import io.dbwarden.sidecar.testing.PostgresExtension;
import io.dbwarden.sidecar.testing.Programs;
import io.dbwarden.sidecar.testing.ProxyFixture;
import io.dbwarden.sidecar.testing.SimpleQueryClient;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

/**
 * Permissions, guardrails and fail-closed refusals end to end: pgjdbc and psql through the proxy
 * under the demo policy (alice is an analyst, bob a DBA), against the real database.
 */
@ExtendWith(PostgresExtension.class)
class PolicyIT {

  private static ProxyFixture proxy;
  private static EmbeddedPostgres postgres;
  @TempDir static Path dir;

  @BeforeAll
  static void start(EmbeddedPostgres server) throws SQLException {
    postgres = server;
    try (Connection c = postgres.connect(SampleSchema.DATABASE);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS hidden");
      s.execute("CREATE TABLE IF NOT EXISTS hidden.notes (id int, body text)");
      s.execute("GRANT USAGE ON SCHEMA hidden TO " + SampleSchema.APP_ROLE);
      s.execute("GRANT SELECT ON hidden.notes TO " + SampleSchema.APP_ROLE);
      s.execute("CREATE TABLE IF NOT EXISTS public.policy_scratch (id int, v text)");
      s.execute("GRANT ALL ON public.policy_scratch TO " + SampleSchema.APP_ROLE);
    }
    proxy = ProxyFixture.builder(postgres).policy(DemoPolicy.compiled()).start();
  }

  @AfterAll
  static void stop() {
    if (proxy != null) {
      proxy.close();
    }
  }

  private static Connection alice(String parameters) throws SQLException {
    return proxy.connect(ProxyFixture.ALICE, ProxyFixture.ALICE_PASSWORD, parameters);
  }

  private static Connection bob(String parameters) throws SQLException {
    return proxy.connect(ProxyFixture.BOB, ProxyFixture.BOB_PASSWORD, parameters);
  }

  private static void assertRefused(Statement s, String sql, String rule) {
    assertThatThrownBy(() -> s.execute(sql))
        .as(sql)
        .isInstanceOf(SQLException.class)
        .hasFieldOrPropertyWithValue("SQLState", "42501")
        .hasMessageContaining("dbwarden:")
        .hasMessageContaining("\"" + rule + "\"");
  }

  private static long single(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getLong(1);
    }
  }

  @Test
  void anAnalystReadsButCannotWriteOrSeeSecretsAndTheConnectionStaysUsable() throws SQLException {
    for (String mode : List.of("preferQueryMode=simple", "prepareThreshold=1")) {
      try (Connection c = alice(mode);
          Statement s = c.createStatement()) {
        assertThat(single(s, "SELECT count(*) FROM customers")).as(mode).isEqualTo(500);
        assertRefused(s, "SELECT * FROM api_keys", "analysts-no-secrets");
        assertThat(single(s, "SELECT 1")).isEqualTo(1);
        assertRefused(s, "UPDATE orders SET status = 'x' WHERE id = 1", "default");
        assertThat(single(s, "SELECT count(*) FROM orders WHERE id = 1")).isEqualTo(1);
        assertRefused(
            s,
            "SELECT c.full_name FROM customers c JOIN api_keys k ON k.id = c.id",
            "analysts-no-secrets");
        assertRefused(
            s, "WITH k AS (SELECT * FROM api_keys) SELECT count(*) FROM k", "analysts-no-secrets");
        assertRefused(s, "SELECT * FROM hidden.notes", "default");
      }
    }
  }

  @Test
  void guardrailsHoldForTheDbaToo() throws SQLException {
    try (Connection c = bob("");
        Statement s = c.createStatement()) {
      assertRefused(s, "DELETE FROM policy_scratch", "unbounded-write");
      assertRefused(s, "UPDATE policy_scratch SET v = 'x' WHERE 1 = 1", "unbounded-write");
      assertRefused(s, "DELETE FROM policy_scratch WHERE id = id", "unbounded-write");
      assertRefused(s, "DELETE FROM policy_scratch WHERE id = 3 OR true", "unbounded-write");
      assertRefused(s, "DROP TABLE policy_scratch", "drop-object");
      assertRefused(s, "TRUNCATE policy_scratch", "truncate");
      assertRefused(s, "ALTER TABLE policy_scratch DROP COLUMN v", "drop-column");
      assertRefused(s, "GRANT SELECT ON policy_scratch TO PUBLIC", "privileges");
      assertRefused(s, "CREATE ROLE intruder", "roles");
      assertRefused(s, "SET ROLE postgres", "set-role");
      assertRefused(s, "SET SESSION AUTHORIZATION postgres", "set-role");
      assertRefused(s, "SELECT pg_read_file('/etc/passwd')", "dangerous-function");
      assertRefused(s, "SELECT set_config('role', 'postgres', false)", "set-config");
      assertThat(s.execute("SELECT set_config('app.tenant', '42', false)")).isTrue();
      assertRefused(s, "COPY policy_scratch FROM PROGRAM 'id'", "copy-program");
      assertRefused(s, "COPY policy_scratch TO '/tmp/out.csv'", "copy-server-file");
      assertRefused(s, "DELETE FROM customers WHERE id = 1", "customer-deletes");
      s.execute("INSERT INTO policy_scratch VALUES (1, 'kept')");
      assertThat(single(s, "SELECT count(*) FROM policy_scratch WHERE id = 1")).isPositive();
      assertThat(s.executeUpdate("DELETE FROM policy_scratch WHERE id = 1")).isPositive();
    }
  }

  @Test
  void whatCannotBeJudgedIsRefused() throws SQLException {
    try (Connection c = bob("preferQueryMode=simple");
        Statement s = c.createStatement()) {
      assertRefused(s, "SELEC 1", "unparseable");
      assertRefused(s, "DO $$ BEGIN PERFORM 1; END $$", "do-block");
      assertRefused(s, "SELECT dblink_exec('dbname=shop', 'DROP TABLE orders')", "dynamic-sql");
      assertThat(single(s, "SELECT 2")).isEqualTo(2);
    }
    // pgjdbc's large object API sends FunctionCall messages, which name a function by number
    // and carry opaque arguments: nothing to judge them by.
    try (Connection c = bob("")) {
      c.setAutoCommit(false);
      assertThatThrownBy(() -> c.unwrap(PGConnection.class).getLargeObjectAPI().createLO())
          .isInstanceOf(SQLException.class)
          .hasFieldOrPropertyWithValue("SQLState", "42501")
          .hasMessageContaining("\"function-call\"");
      c.rollback();
      assertThat(single(c.createStatement(), "SELECT 3")).isEqualTo(3);
    }
  }

  @Test
  void queriesTheLexerCannotReadSafelyAreRefused() throws IOException {
    try (SimpleQueryClient raw =
        SimpleQueryClient.connect(
            proxy.address(), ProxyFixture.BOB, ProxyFixture.BOB_PASSWORD, SampleSchema.DATABASE)) {
      SimpleQueryClient.Outcome unterminated = raw.run("SELECT 'unterminated");
      assertThat(unterminated.sqlState()).isEqualTo("42501");
      assertThat(unterminated.error()).contains("\"unparseable\"");
      // Two statements with standard_conforming_strings on, one with it off: a pipelined SET
      // could change which the server sees, so the proxy does not guess.
      SimpleQueryClient.Outcome ambiguous = raw.run("SELECT 'a\\'; SELECT 1; --'");
      assertThat(ambiguous.sqlState()).isEqualTo("42501");
      assertThat(ambiguous.error()).contains("\"ambiguous-literal\"");
      assertThat(raw.run("SELECT 1").tags()).containsExactly("SELECT 1");
    }
  }

  @Test
  void smuggledStatementsAreSeenAndJudged() throws SQLException {
    try (Connection c = alice("preferQueryMode=simple");
        Statement s = c.createStatement()) {
      // E'\'' is a one-character string, so the DROP is a statement of its own...
      assertRefused(s, "SELECT E'\\''; DROP TABLE orders; -- '", "drop-object");
      // ...while here it is inside the string, and the query is a single SELECT.
      assertThat(s.execute("SELECT E'\\'; DROP TABLE orders; --'")).isTrue();
      // Two statements, and the second is judged on its own.
      assertRefused(s, "SELECT 1; SELECT * FROM api_keys", "analysts-no-secrets");
      assertRefused(s, "SELECT $a$ ; $a$; SELECT * FROM api_keys", "analysts-no-secrets");
      assertRefused(s, "SELECT 1 /* ; */; SELECT * FROM \"api_keys\"", "analysts-no-secrets");
      assertRefused(s, "select * from PUBLIC.API_KEYS", "analysts-no-secrets");
    }
    try (Connection c = bob("preferQueryMode=simple");
        Statement s = c.createStatement()) {
      // A refused statement refuses its whole query: the INSERT before it does not run either.
      assertRefused(
          s, "INSERT INTO policy_scratch VALUES (77, 'x'); DROP TABLE orders", "drop-object");
      assertThat(single(s, "SELECT count(*) FROM policy_scratch WHERE id = 77")).isZero();
      assertThat(single(s, "SELECT count(*) FROM orders")).isEqualTo(5000);
    }
  }

  @Test
  void changingTheSearchPathDoesNotHideATable() throws SQLException {
    try (Connection c = alice("preferQueryMode=simple");
        Statement s = c.createStatement()) {
      assertRefused(s, "SET search_path TO hidden, public; SELECT * FROM notes", "default");
      assertRefused(s, "SET SCHEMA 'hidden'; SELECT * FROM notes", "default");
      assertRefused(s, "SELECT set_config('search_path', 'hidden', false)", "set-config");
      s.execute("SET search_path TO hidden, public");
      assertRefused(s, "SELECT * FROM notes", "default");
      s.execute("SET search_path TO public");
      // The proxy cannot know whether a SET was rolled back, so it keeps judging both meanings of
      // "notes" (public.notes does not exist, and an unknown table cannot be analysed either).
      assertThatThrownBy(() -> s.execute("SELECT * FROM notes"))
          .hasFieldOrPropertyWithValue("SQLState", "42501");
      assertThat(single(s, "SELECT count(*) FROM customers")).isEqualTo(500);
    }
  }

  @Test
  void sqlLevelPreparedStatementsAreJudgedByWhatTheyPrepare() throws SQLException {
    try (Connection c = alice("preferQueryMode=simple");
        Statement s = c.createStatement()) {
      assertRefused(s, "PREPARE keys AS SELECT * FROM api_keys", "analysts-no-secrets");
      s.execute("PREPARE names AS SELECT full_name FROM customers WHERE id = $1");
      try (ResultSet rs = s.executeQuery("EXECUTE names(1)")) {
        assertThat(rs.next()).isTrue();
      }
      assertRefused(s, "EXECUTE keys", "unknown-prepared");
      // The arguments of an EXECUTE are judged too.
      assertRefused(s, "EXECUTE names((SELECT max(id) FROM api_keys))", "analysts-no-secrets");
      s.execute("DEALLOCATE names");
    }
  }

  @Test
  void extendedProtocolStatementsAreJudgedAtParseAndEnforcedAtEveryExecute() throws SQLException {
    try (Connection c = alice("prepareThreshold=1");
        PreparedStatement ps = c.prepareStatement("SELECT email FROM customers WHERE id = ?")) {
      for (int id = 1; id <= 5; id++) {
        ps.setInt(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
        }
      }
      c.setAutoCommit(false);
      try (PreparedStatement keys = c.prepareStatement("SELECT * FROM api_keys WHERE id = ?")) {
        keys.setInt(1, 1);
        assertThatThrownBy(keys::executeQuery)
            .isInstanceOf(SQLException.class)
            .hasFieldOrPropertyWithValue("SQLState", "42501");
      }
      // As after any error, the transaction is aborted until rolled back.
      assertThatThrownBy(() -> c.createStatement().execute("SELECT 1"))
          .hasFieldOrPropertyWithValue("SQLState", "25P02");
      c.rollback();
      ps.setInt(1, 6);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
      }
    }
  }

  @Test
  void maxRowsCutsAnAnalystsResultAndSaysSo() throws SQLException {
    try (Connection c = alice("");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM orders")) {
      int rows = 0;
      while (rs.next()) {
        rows++;
      }
      assertThat(rows).isEqualTo(1000);
      assertThat(s.getWarnings().getMessage()).contains("\"analysts-read\"");
    }
  }

  @Test
  void auditRecordsCarryRedactedTextTablesColumnsAndTheRule() throws SQLException {
    proxy.audit().clear();
    try (Connection c = alice("preferQueryMode=simple");
        Statement s = c.createStatement()) {
      s.executeQuery("SELECT full_name, email FROM customers WHERE email = 'ann@example.com'")
          .close();
      assertRefused(s, "SELECT secret FROM api_keys WHERE id = 42", "analysts-no-secrets");
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(statementsRun()).hasSize(2));
    List<AuditEvent> events = statementsRun();
    AuditEvent allowed = events.get(0);
    assertThat(allowed.statement().text()).doesNotContain("ann@example.com").contains("customers");
    assertThat(allowed.statement().fingerprint()).isNotBlank();
    assertThat(allowed.statement().operation()).isEqualTo("SELECT");
    assertThat(allowed.statement().tablesRead()).containsExactly("public.customers");
    assertThat(allowed.statement().columnsRead())
        .contains("public.customers.full_name", "public.customers.email");
    assertThat(allowed.policyVersion()).isEqualTo(proxy.engine().decider().policies().version());
    AuditEvent refused = events.get(1);
    assertThat(refused.decision().action()).isEqualTo("deny");
    assertThat(refused.decision().rule()).isEqualTo("analysts-no-secrets");
    assertThat(refused.statement().text()).doesNotContain("42");
    assertThat(refused.result().sqlstate()).isEqualTo("42501");
  }

  /** Statement events, without the SET pgjdbc sends on its own after connecting. */
  private static List<AuditEvent> statementsRun() {
    return proxy
        .audit()
        .matching(e -> "completed".equals(e.event()) && !"SET".equals(e.statement().operation()));
  }

  @Test
  void psqlSeesRefusalsAndCarriesOn() throws Exception {
    Assumptions.assumeTrue(Programs.onPath("psql"), "psql is not on the PATH");
    Programs.Result result =
        Programs.psqlAsAlice(
            proxy,
            false,
            "select count(*) from customers;\n"
                + "select * from api_keys;\n"
                + "delete from orders;\n"
                + "selec 1;\n"
                + "select 'still here';\n",
            dir);
    assertThat(result.stdout().lines()).as(result.describe()).containsExactly("500", "still here");
    assertThat(result.stderr())
        .as(result.describe())
        .contains("analysts-no-secrets")
        .contains("\"unbounded-write\"")
        .contains("\"unparseable\"");
  }
}
