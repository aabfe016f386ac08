package io.dbwarden.sidecar.audit;

import static io.dbwarden.sidecar.pg.protocol.PgCodecTesting.bytes;
import static io.dbwarden.sidecar.pg.protocol.PgCodecTesting.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dbwarden.api.audit.AuditEvent;
import io.dbwarden.sidecar.testing.DemoProxy;
import io.dbwarden.sidecar.testing.ProxyFixture;
import io.dbwarden.sidecar.testing.RawPgClient;
import io.dbwarden.sidecar.testing.SimpleQueryClient;
import java.nio.charset.StandardCharsets;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every statement of a pipeline has a completed record, also those the server skips to Sync after
 * an earlier one failed or was refused: they are recorded as not executed, with the failure's
 * SQLSTATE, and without an intent record, since nothing of them went to the database. The
 * connection stays in step afterwards.
 */
class AuditPipelineIT {

  private static final String CUSTOMER = "SELECT full_name FROM customers WHERE id = $1";
  private static final String SECRET = "SELECT secret FROM api_keys WHERE id = $1";
  private static final String ORDER = "SELECT total_cents FROM orders WHERE id = $1";

  /** Fails at execution (not at Bind, where a constant divisor would already be folded) for 1. */
  private static final String DIVIDE = "SELECT min(total_cents / (id - $1::int)) FROM orders";

  private static final byte[] SYNC = frame('S');
  private static final byte[] FLUSH = frame('H');

  @RegisterExtension static final DemoProxy DEMO = new DemoProxy();

  private static byte[] parse(String name, String sql) {
    return frame('P', name, sql, (short) 0);
  }

  /** Binds the unnamed portal to {@code statement} with one text parameter. */
  private static byte[] bindExecute(String statement, String value) {
    byte[] text = value.getBytes(StandardCharsets.UTF_8);
    return bytes(
        frame('B', "", statement, (short) 0, (short) 1, text.length, text, (short) 0),
        frame('E', "", 0));
  }

  /** Parse, Bind and Execute of one statement, unnamed. */
  private static byte[] statement(String sql, String value) {
    return bytes(parse("", sql), bindExecute("", value));
  }

  private static byte[] pipeline(byte[]... messages) {
    return bytes((Object[]) messages);
  }

  private static SimpleQueryClient connect(String user, String password) throws Exception {
    return SimpleQueryClient.connect(DEMO.proxy().address(), user, password, "shop");
  }

  private static String types(List<RawPgClient.Message> messages) {
    return messages.stream().map(m -> String.valueOf(m.type())).collect(Collectors.joining());
  }

  /** The completed statement records, in statement order, once there are {@code count}. */
  private static List<AuditEvent> completed(int count) {
    await().atMost(Duration.ofSeconds(10)).until(() -> completedStatements().size() >= count);
    List<AuditEvent> completed = completedStatements();
    assertThat(completed).hasSize(count);
    return completed;
  }

  private static List<AuditEvent> completedStatements() {
    return DEMO
        .proxy()
        .audit()
        .matching(
            e ->
                "statement".equals(e.type())
                    && "completed".equals(e.event())
                    && !"SET".equals(e.statement().operation()))
        .stream()
        .sorted(Comparator.comparing(e -> e.statement().seq()))
        .toList();
  }

  private static List<AuditEvent> intents() {
    return DEMO.proxy()
        .audit()
        .matching(e -> "statement".equals(e.type()) && "intent".equals(e.event()));
  }

  private static void assertNotExecuted(AuditEvent record, String text, String sqlState) {
    assertThat(record.statement().text()).isEqualTo(text);
    assertThat(record.result().sqlstate()).isEqualTo(sqlState);
    assertThat(record.result().error())
        .isEqualTo("not executed: an earlier statement in the same pipeline failed");
    assertThat(record.result().rows()).isZero();
    assertThat(intents()).noneMatch(i -> i.statement().seq().equals(record.statement().seq()));
  }

  @Test
  void statementsAfterARefusedOneAreRecordedAsNotExecuted() throws Exception {
    try (SimpleQueryClient client = connect(ProxyFixture.ALICE, ProxyFixture.ALICE_PASSWORD)) {
      client.send(
          pipeline(statement(CUSTOMER, "1"), statement(SECRET, "1"), statement(ORDER, "1"), SYNC));
      List<RawPgClient.Message> responses = client.readThrough('Z');
      assertThat(types(responses)).isEqualTo("12DCEZ");
      assertThat(responses.get(4).fields().get('C')).isEqualTo("42501");
      assertThat(client.run("SELECT 1").failed()).isFalse();
    }
    List<AuditEvent> completed = completed(4);
    assertThat(completed.get(0).result().sqlstate()).isNull();
    assertThat(completed.get(0).result().rows()).isEqualTo(1);
    assertThat(completed.get(1).statement().text()).isEqualTo(SECRET);
    assertThat(completed.get(1).decision().action()).isEqualTo("deny");
    assertThat(completed.get(1).result().sqlstate()).isEqualTo("42501");
    AuditEvent skipped = completed.get(2);
    assertNotExecuted(skipped, ORDER, "42501");
    assertThat(skipped.statement().seq()).isEqualTo(completed.get(1).statement().seq() + 1);
    assertThat(skipped.statement().tablesRead()).containsExactly("public.orders");
    assertThat(skipped.statement().protocol()).isEqualTo("extended");
    assertThat(skipped.decision().action()).isEqualTo("allow");
    assertThat(skipped.decision().rule()).isEqualTo("analysts-read");
    assertThat(completed.get(3).statement().text()).isEqualTo("SELECT $1");
    assertThat(completed.get(3).result().rows()).isEqualTo(1);
  }

  @Test
  void executionsOfAPreparedStatementAfterAFailedOneAreRecordedAsNotExecuted() throws Exception {
    try (SimpleQueryClient client = connect(ProxyFixture.BOB, ProxyFixture.BOB_PASSWORD)) {
      client.send(
          pipeline(
              parse("divide", DIVIDE),
              bindExecute("divide", "0"),
              bindExecute("divide", "1"),
              bindExecute("divide", "-1"),
              SYNC));
      List<RawPgClient.Message> responses = client.readThrough('Z');
      assertThat(types(responses)).isEqualTo("12DC2EZ");
      assertThat(responses.get(5).fields().get('C')).isEqualTo("22012");
    }
    List<AuditEvent> completed = completed(3);
    assertThat(completed).allSatisfy(e -> assertThat(e.statement().text()).isEqualTo(DIVIDE));
    assertThat(completed.get(0).result().sqlstate()).isNull();
    assertThat(completed.get(1).result().sqlstate()).isEqualTo("22012");
    assertThat(completed.get(1).result().error()).contains("division by zero");
    assertThat(completed.get(2).result().sqlstate()).isEqualTo("22012");
    assertThat(completed.get(2).result().error()).startsWith("not executed");
  }

  @Test
  void messagesSentAfterTheErrorArrivedAreSkippedToo() throws Exception {
    try (SimpleQueryClient client = connect(ProxyFixture.BOB, ProxyFixture.BOB_PASSWORD)) {
      client.send(pipeline(statement(DIVIDE, "1"), FLUSH));
      assertThat(types(client.readThrough('E'))).isEqualTo("12E");
      // The server skips these to Sync: nothing answers them but the Sync's ReadyForQuery.
      client.send(pipeline(statement(ORDER, "1"), SYNC));
      assertThat(types(client.readThrough('Z'))).isEqualTo("Z");
      SimpleQueryClient.Outcome next = client.run("SELECT 2 AS two");
      assertThat(next.failed()).isFalse();
      assertThat(next.tags()).containsExactly("SELECT 1");
    }
    List<AuditEvent> completed = completed(3);
    assertThat(completed.get(0).result().sqlstate()).isEqualTo("22012");
    assertNotExecuted(completed.get(1), ORDER, "22012");
    assertThat(completed.get(2).statement().text()).isEqualTo("SELECT $1 AS two");
    assertThat(completed.get(2).result().sqlstate()).isNull();
    assertThat(completed.get(2).result().rows()).isEqualTo(1);
  }

  @Test
  void anExecuteOfAnEarlierPreparedStatementAfterARefusalIsRecorded() throws Exception {
    try (SimpleQueryClient client = connect(ProxyFixture.ALICE, ProxyFixture.ALICE_PASSWORD)) {
      client.send(pipeline(parse("order", ORDER), SYNC));
      assertThat(types(client.readThrough('Z'))).isEqualTo("1Z");
      client.send(
          pipeline(
              bindExecute("order", "1"), statement(SECRET, "1"), bindExecute("order", "2"), SYNC));
      assertThat(types(client.readThrough('Z'))).isEqualTo("2DCEZ");
    }
    List<AuditEvent> completed = completed(3);
    assertThat(completed.get(0).statement().text()).isEqualTo(ORDER);
    assertThat(completed.get(0).result().rows()).isEqualTo(1);
    assertThat(completed.get(1).result().sqlstate()).isEqualTo("42501");
    assertNotExecuted(completed.get(2), ORDER, "42501");
  }

  @Test
  void aQuerySentInsideAFailedPipelineIsSkippedLikeTheServerDoes() throws Exception {
    try (SimpleQueryClient client = connect(ProxyFixture.ALICE, ProxyFixture.ALICE_PASSWORD)) {
      client.send(pipeline(statement(SECRET, "1"), frame('Q', "SELECT 1"), SYNC));
      assertThat(types(client.readThrough('Z'))).isEqualTo("EZ");
      SimpleQueryClient.Outcome next = client.run("SELECT 2 AS two");
      assertThat(next.failed()).isFalse();
    }
    List<AuditEvent> completed = completed(3);
    assertThat(completed.get(0).result().sqlstate()).isEqualTo("42501");
    assertNotExecuted(completed.get(1), "SELECT $1", "42501");
    assertThat(completed.get(2).result().sqlstate()).isNull();
    assertThat(completed.get(2).result().rows()).isEqualTo(1);
  }

  @Test
  void aJdbcBatchWithARefusedStatementRecordsEveryStatement() throws Exception {
    try (Connection c = DEMO.proxy().connect(ProxyFixture.BOB, ProxyFixture.BOB_PASSWORD, "");
        Statement st = c.createStatement()) {
      st.addBatch("UPDATE orders SET total_cents = total_cents WHERE id = 1");
      st.addBatch("DROP TABLE no_such_table");
      st.addBatch("UPDATE orders SET total_cents = total_cents WHERE id = 2");
      assertThatThrownBy(st::executeBatch)
          .isInstanceOf(BatchUpdateException.class)
          .hasMessageContaining("drop-object");
    }
    List<AuditEvent> completed = completed(3);
    assertThat(completed.get(0).result().sqlstate()).isNull();
    assertThat(completed.get(1).decision().rule()).isEqualTo("drop-object");
    assertThat(completed.get(1).result().sqlstate()).isEqualTo("42501");
    assertNotExecuted(
        completed.get(2), "UPDATE orders SET total_cents = total_cents WHERE id = $1", "42501");
  }

  @Test
  void aRefusedStatementOfAQueryRefusesTheQueryAndEveryStatementIsRecorded() throws Exception {
    try (SimpleQueryClient client = connect(ProxyFixture.ALICE, ProxyFixture.ALICE_PASSWORD)) {
      SimpleQueryClient.Outcome outcome =
          client.run("SELECT 1; SELECT secret FROM api_keys WHERE id = 1; SELECT 2");
      assertThat(outcome.sqlState()).isEqualTo("42501");
      assertThat(outcome.tags()).isEmpty();
    }
    List<AuditEvent> completed = completed(3);
    assertThat(completed)
        .extracting(e -> e.statement().text())
        .containsExactly("SELECT $1", "SELECT secret FROM api_keys WHERE id = $1", "SELECT $1");
    assertThat(completed)
        .allSatisfy(
            e -> {
              assertThat(e.decision().action()).isEqualTo("deny");
              assertThat(e.decision().rule()).isEqualTo("analysts-no-secrets");
              assertThat(e.result().sqlstate()).isEqualTo("42501");
            });
    assertThat(intents()).hasSize(3);
  }
}
