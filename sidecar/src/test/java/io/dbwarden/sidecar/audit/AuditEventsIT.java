package io.dbwarden.sidecar.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dbwarden.api.audit.AuditEvent;
import io.dbwarden.api.audit.AuditEvent.ApprovalInfo;
import io.dbwarden.api.audit.AuditEvent.ColumnLineage;
import io.dbwarden.api.audit.AuditEvent.DecisionInfo;
import io.dbwarden.api.audit.AuditEvent.ResultInfo;
import io.dbwarden.api.audit.AuditEvent.StatementInfo;
import io.dbwarden.sidecar.demo.DemoPolicy;
import io.dbwarden.sidecar.testing.DemoProxy;
import io.dbwarden.sidecar.testing.ProxyFixture;
import io.dbwarden.sidecar.testing.SimpleQueryClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every field of the statement records, for an allowed, a refused, a masked and an
 * approval-required statement, over the simple and the extended protocol, under the demo policy;
 * and one record per statement of a multi-statement Query and per Execute of a prepared statement.
 */
class AuditEventsIT {

  private static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z";

  @RegisterExtension static final DemoProxy DEMO = new DemoProxy();

  private static final String version = DemoPolicy.compiled().version();

  /**
   * How the value appears: pgjdbc's simple mode writes it into the text as a typed literal, which
   * the record redacts; the extended protocol binds it to $1.
   */
  private static String param(String protocol) {
    return protocol.equals("simple") ? "($1::int8)" : "$1";
  }

  private static String mode(String protocol) {
    return protocol.equals("simple") ? "preferQueryMode=simple" : "prepareThreshold=1";
  }

  private static void run(String user, String password, String protocol, String sql, long id)
      throws SQLException {
    try (Connection c = DEMO.proxy().connect(user, password, mode(protocol));
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, id);
      if (ps.execute()) {
        try (ResultSet rs = ps.getResultSet()) {
          while (rs.next()) {
            // drain
          }
        }
      }
    }
  }

  /** The intent and completed records of the one statement matching, once both are there. */
  private static List<AuditEvent> records(Predicate<AuditEvent> statement) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                DEMO.proxy().audit().matching(e -> isStatement(e) && statement.test(e)).size()
                    >= 2);
    List<AuditEvent> found =
        DEMO.proxy().audit().matching(e -> isStatement(e) && statement.test(e));
    assertThat(found).hasSize(2);
    assertThat(found.get(0).event()).isEqualTo("intent");
    assertThat(found.get(1).event()).isEqualTo("completed");
    return found;
  }

  private static boolean isStatement(AuditEvent e) {
    return "statement".equals(e.type()) && !"SET".equals(e.statement().operation());
  }

  private static Predicate<AuditEvent> touching(String table) {
    return e ->
        e.statement().tablesRead() != null && e.statement().tablesRead().contains(table)
            || e.statement().tablesWritten() != null
                && e.statement().tablesWritten().contains(table);
  }

  /** The fields every record of a connection carries. */
  private static void assertConnectionFields(AuditEvent e, String user, String group) {
    assertThat(e.ts()).matches(TIMESTAMP);
    assertThat(e.session()).isNotBlank();
    assertThat(e.identity().kind()).isEqualTo("User");
    assertThat(e.identity().name()).isEqualTo(user);
    assertThat(e.identity().groups()).containsExactly(group);
    assertThat(e.identity().actor()).isNull();
    assertThat(e.identity().method()).isEqualTo("scram");
    assertThat(e.client().addr()).matches("127\\.0\\.0\\.1:\\d+");
    assertThat(e.client().application()).isEqualTo("PostgreSQL JDBC Driver");
    assertThat(e.database()).isEqualTo("shop");
    assertThat(e.policyVersion()).isEqualTo(version);
    assertThat(e.prevHash()).as("chained by the sink, not here").isNull();
    assertThat(e.hash()).isNull();
  }

  /**
   * Every field of a record's statement: its number and fingerprint by their form, the rest as
   * {@code expected} has them.
   */
  private static void assertStatement(AuditEvent e, StatementInfo expected) {
    assertThat(e.statement().seq()).isPositive();
    assertThat(e.statement().fingerprint()).matches("[0-9a-f]{16}");
    assertThat(e.statement())
        .usingRecursiveComparison()
        .ignoringFields("seq", "fingerprint")
        .isEqualTo(expected);
  }

  private static void assertIntentAndCompleted(List<AuditEvent> pair) {
    AuditEvent intent = pair.get(0);
    AuditEvent completed = pair.get(1);
    assertThat(intent.session()).isEqualTo(completed.session());
    assertThat(intent.statement()).isEqualTo(completed.statement());
    assertThat(intent.result()).isNull();
    assertThat(intent.durationMicros()).isNull();
    assertThat(completed.proxyMicros()).isNotNull().isNotNegative();
    assertThat(completed.databaseMicros()).isNotNull().isNotNegative();
    assertThat(completed.durationMicros())
        .isEqualTo(completed.proxyMicros() + completed.databaseMicros());
  }

  @ParameterizedTest
  @ValueSource(strings = {"simple", "extended"})
  void anAllowedStatement(String protocol) throws SQLException {
    run(
        ProxyFixture.ALICE,
        ProxyFixture.ALICE_PASSWORD,
        protocol,
        "SELECT city FROM customers WHERE id = ?",
        7);
    List<AuditEvent> pair = records(touching("public.customers"));
    assertIntentAndCompleted(pair);
    for (AuditEvent e : pair) {
      assertConnectionFields(e, "alice", "analysts");
      // Either way the record holds no value.
      assertStatement(
          e,
          new StatementInfo(
              null,
              "SELECT city FROM customers WHERE id = " + param(protocol),
              null,
              "SELECT",
              protocol,
              List.of("public.customers"),
              List.of(),
              List.of("public.customers.city", "public.customers.id"),
              List.of(),
              List.of(new ColumnLineage("city", List.of("public.customers.city"))),
              null));
      assertThat(e.decision()).isEqualTo(new DecisionInfo("allow", "analysts-read", null));
    }
    assertThat(pair.get(1).result())
        .isEqualTo(new ResultInfo(1L, 0L, null, null, null, null, null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"simple", "extended"})
  void aRefusedStatement(String protocol) {
    assertThatThrownBy(
            () ->
                run(
                    ProxyFixture.ALICE,
                    ProxyFixture.ALICE_PASSWORD,
                    protocol,
                    "SELECT secret FROM api_keys WHERE id = ?",
                    42))
        .isInstanceOf(SQLException.class)
        .hasFieldOrPropertyWithValue("SQLState", "42501");
    List<AuditEvent> pair = records(touching("public.api_keys"));
    assertIntentAndCompleted(pair);
    String reason =
        "dbwarden: SELECT on public.api_keys is denied for User alice by rule"
            + " \"analysts-no-secrets\" of policy shop-demo";
    for (AuditEvent e : pair) {
      assertConnectionFields(e, "alice", "analysts");
      assertStatement(
          e,
          new StatementInfo(
              null,
              "SELECT secret FROM api_keys WHERE id = " + param(protocol),
              null,
              "SELECT",
              protocol,
              List.of("public.api_keys"),
              List.of(),
              List.of("public.api_keys.id", "public.api_keys.secret"),
              List.of(),
              List.of(new ColumnLineage("secret", List.of("public.api_keys.secret"))),
              null));
      assertThat(e.decision()).isEqualTo(new DecisionInfo("deny", "analysts-no-secrets", reason));
    }
    assertThat(pair.get(1).result())
        .isEqualTo(new ResultInfo(0L, 0L, null, "42501", reason, null, null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"simple", "extended"})
  void aMaskedStatement(String protocol) throws SQLException {
    run(
        ProxyFixture.ALICE,
        ProxyFixture.ALICE_PASSWORD,
        protocol,
        "SELECT full_name, email FROM customers WHERE id = ?",
        7);
    List<AuditEvent> pair = records(touching("public.customers"));
    assertIntentAndCompleted(pair);
    AuditEvent intent = pair.get(0);
    AuditEvent completed = pair.get(1);
    for (AuditEvent e : pair) {
      assertConnectionFields(e, "alice", "analysts");
      assertStatement(
          e,
          new StatementInfo(
              null,
              "SELECT full_name, email FROM customers WHERE id = " + param(protocol),
              null,
              "SELECT",
              protocol,
              List.of("public.customers"),
              List.of(),
              List.of(
                  "public.customers.email", "public.customers.full_name", "public.customers.id"),
              List.of(),
              List.of(
                  new ColumnLineage("full_name", List.of("public.customers.full_name")),
                  new ColumnLineage("email", List.of("public.customers.email"))),
              null));
    }
    // Whether values get masked is known once rows came back.
    assertThat(intent.decision()).isEqualTo(new DecisionInfo("allow", "analysts-read", null));
    assertThat(completed.decision()).isEqualTo(new DecisionInfo("mask", "analysts-read", null));
    assertThat(completed.result().rows()).isEqualTo(1);
    // Masked at the source; counted by the columns the lineage derives from protected ones.
    assertThat(completed.result().maskedValues()).isEqualTo(2);
    assertThat(completed.result().maskedColumns())
        .containsExactly("public.customers.full_name", "public.customers.email");
    assertThat(completed.result().sqlstate()).isNull();
    assertThat(completed.result().error()).isNull();
    assertThat(completed.result().statements()).isNull();
    assertThat(completed.result().refused()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"simple", "extended"})
  void anApprovalRequiredStatement(String protocol) {
    assertThatThrownBy(
            () ->
                run(
                    ProxyFixture.BOB,
                    ProxyFixture.BOB_PASSWORD,
                    protocol,
                    "DELETE FROM customers WHERE id = ?",
                    1))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("requires approval")
        .hasFieldOrPropertyWithValue("SQLState", "42501");
    List<AuditEvent> pair = records(touching("public.customers"));
    assertIntentAndCompleted(pair);
    // this proxy keeps no approvals: the request cannot even be made
    String reason =
        "dbwarden: DELETE on public.customers requires approval under rule \"customer-deletes\","
            + " so it was not run; approvals are not available on this proxy";
    StatementInfo statement =
        new StatementInfo(
            null,
            "DELETE FROM customers WHERE id = " + param(protocol),
            null,
            "DELETE",
            protocol,
            List.of("public.customers"),
            List.of("public.customers"),
            List.of("public.customers.id"),
            List.of(),
            List.of(),
            null);
    for (AuditEvent e : pair) {
      assertConnectionFields(e, "bob", "dba");
      assertStatement(e, statement);
      assertThat(e.decision())
          .isEqualTo(new DecisionInfo("approval_required", "customer-deletes", reason));
    }
    assertThat(pair.get(1).result())
        .isEqualTo(new ResultInfo(0L, 0L, null, "42501", reason, null, null));

    // The request for approval, recorded between the statement's intent and its result: who
    // asked, for what, under which rule. No grant: approvals are not available on this
    // DEMO.proxy().
    List<AuditEvent> events = DEMO.proxy().audit().events();
    AuditEvent request =
        DEMO.proxy().audit().matching(e -> "approval".equals(e.type())).stream()
            .filter(e -> e.statement().seq().equals(pair.get(0).statement().seq()))
            .findFirst()
            .orElseThrow();
    assertThat(events.indexOf(request))
        .isGreaterThan(events.indexOf(pair.get(0)))
        .isLessThan(events.indexOf(pair.get(1)));
    assertThat(request.type()).isEqualTo("approval");
    assertThat(request.event()).isEqualTo("requested");
    assertConnectionFields(request, "bob", "dba");
    assertThat(request.statement()).isEqualTo(pair.get(0).statement());
    assertThat(request.approval())
        .isEqualTo(new ApprovalInfo(null, "customer-deletes", null, null));
    assertThat(request.decision()).isNull();
    assertThat(request.result()).isNull();
    assertThat(request.durationMicros()).isNull();
    assertThat(request.policy()).isNull();
  }

  @Test
  void eachStatementOfAQueryHasItsOwnRecords() throws Exception {
    try (SimpleQueryClient client =
        SimpleQueryClient.connect(
            DEMO.proxy().address(), ProxyFixture.ALICE, ProxyFixture.ALICE_PASSWORD, "shop")) {
      SimpleQueryClient.Outcome outcome =
          client.run("SELECT 1; SELECT full_name FROM customers WHERE id < 4");
      assertThat(outcome.failed()).isFalse();
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> DEMO.proxy().audit().matching(AuditEventsIT::isStatement).size() == 4);
    List<AuditEvent> events = DEMO.proxy().audit().matching(AuditEventsIT::isStatement);
    assertThat(events)
        .extracting(AuditEvent::event)
        .containsExactly("intent", "intent", "completed", "completed");
    AuditEvent first = events.get(2);
    AuditEvent second = events.get(3);
    assertThat(second.statement().seq()).isEqualTo(first.statement().seq() + 1);
    assertThat(first.statement().text()).isEqualTo("SELECT $1");
    assertThat(first.statement().tablesRead()).isEmpty();
    assertThat(first.result().rows()).isEqualTo(1);
    assertThat(second.statement().text())
        .isEqualTo("SELECT full_name FROM customers WHERE id < $1");
    assertThat(second.statement().tablesRead()).containsExactly("public.customers");
    assertThat(second.decision().rule()).isEqualTo("analysts-read");
    assertThat(second.result().rows()).isEqualTo(3);
    assertThat(first.identity().method()).isEqualTo("scram");
  }

  @Test
  void anErrorStopsAQueryAndTheRestIsRecordedAsNotRun() throws Exception {
    try (SimpleQueryClient client =
        SimpleQueryClient.connect(
            DEMO.proxy().address(), ProxyFixture.BOB, ProxyFixture.BOB_PASSWORD, "shop")) {
      SimpleQueryClient.Outcome outcome =
          client.run("SELECT 1/0 FROM customers WHERE id = 1; SELECT 2 FROM orders WHERE id = 1");
      assertThat(outcome.sqlState()).isEqualTo("22012");
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> DEMO.proxy().audit().matching(AuditEventsIT::isStatement).size() == 4);
    List<AuditEvent> completed =
        DEMO.proxy().audit().matching(e -> isStatement(e) && "completed".equals(e.event()));
    assertThat(completed.get(0).result().sqlstate()).isEqualTo("22012");
    assertThat(completed.get(1).result().sqlstate()).isEqualTo("22012");
    assertThat(completed.get(1).result().error()).contains("not executed");
    assertThat(completed.get(1).statement().tablesRead()).containsExactly("public.orders");
  }

  @Test
  void everyExecuteOfAPreparedStatementHasItsOwnRecords() throws SQLException {
    try (Connection c =
            DEMO.proxy()
                .connect(ProxyFixture.ALICE, ProxyFixture.ALICE_PASSWORD, "prepareThreshold=1");
        PreparedStatement ps = c.prepareStatement("SELECT total_cents FROM orders WHERE id = ?")) {
      for (long id = 1; id <= 3; id++) {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
        }
      }
    }
    Predicate<AuditEvent> orders = e -> isStatement(e) && touching("public.orders").test(e);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> DEMO.proxy().audit().matching(orders).size() == 6);
    List<AuditEvent> events = DEMO.proxy().audit().matching(orders);
    List<Long> seqs = new ArrayList<>();
    for (int i = 0; i < events.size(); i += 2) {
      // Each Execute: its intent is in the sink before its result.
      assertThat(events.get(i).event()).isEqualTo("intent");
      assertThat(events.get(i + 1).event()).isEqualTo("completed");
      assertThat(events.get(i + 1).statement().seq()).isEqualTo(events.get(i).statement().seq());
      assertThat(events.get(i + 1).result().rows()).isEqualTo(1);
      seqs.add(events.get(i).statement().seq());
    }
    assertThat(seqs).doesNotHaveDuplicates().isSorted();
  }

  @Test
  void closedConnectionsCarryCountsAndDuration() throws SQLException {
    run(
        ProxyFixture.ALICE,
        ProxyFixture.ALICE_PASSWORD,
        "simple",
        "SELECT full_name FROM customers WHERE id = ?",
        3);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !DEMO.proxy().audit().matching(e -> "closed".equals(e.event())).isEmpty());
    AuditEvent closed = DEMO.proxy().audit().matching(e -> "closed".equals(e.event())).get(0);
    assertThat(closed.type()).isEqualTo("connection");
    assertThat(closed.identity().name()).isEqualTo("alice");
    // pgjdbc's own SET at connect, and the SELECT.
    assertThat(closed.result().statements()).isEqualTo(2);
    assertThat(closed.result().refused()).isZero();
    assertThat(closed.result().rows()).isEqualTo(1);
    assertThat(closed.durationMicros()).isPositive();
    assertThat(DEMO.proxy().audit().matching(e -> "authenticated".equals(e.event())))
        .singleElement()
        .satisfies(e -> assertThat(e.identity().method()).isEqualTo("scram"));
    assertThat(DEMO.proxy().audit().matching(e -> "accepted".equals(e.event()))).hasSize(1);
  }
}
