package io.dbwarden.sidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.dbwarden.api.audit.AuditEvent;
import io.dbwarden.sidecar.config.ProxyConfig;
import io.dbwarden.sidecar.demo.EmbeddedPostgres;
import io.dbwarden.sidecar.demo.SampleSchema;
import io.dbwarden.sidecar.identity.Identity;
import io.dbwarden.sidecar.testing.PostgresExtension;
import io.dbwarden.sidecar.testing.ProxyFixture;
import io.dbwarden.sidecar.testing.RawPgClient;
import io.dbwarden.sidecar.testing.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

/**
 * Hostile and broken clients, sent with a raw socket: each gets ErrorResponse 08P01 (or is simply
 * closed) and the proxy keeps serving everyone else, which every test checks afterwards with a
 * fresh pgjdbc connection. Also the startup timeout and the connection limit.
 */
@ExtendWith(PostgresExtension.class)
class RobustnessIT {

  private static final Identity WORKLOAD =
      new Identity(
          Identity.Kind.ServiceAccount, "shop/api", List.of(), null, Identity.Method.WORKLOAD);

  private static EmbeddedPostgres postgres;
  private static ProxyFixture proxy;

  @BeforeAll
  static void start(EmbeddedPostgres server) {
    postgres = server;
    // Workload identity: the raw client reaches ready-for-query without a password exchange.
    proxy = ProxyFixture.builder(postgres).workload(WORKLOAD).start();
  }

  @AfterAll
  static void stop() {
    proxy.close();
  }

  @AfterEach
  void proxyStillServesNewConnections() throws SQLException {
    assertServes(proxy, "anyone", "");
  }

  private static void assertServes(ProxyFixture fixture, String user, String password)
      throws SQLException {
    try (Connection connection = fixture.connect(user, password, "")) {
      assertThat(count(connection)).isEqualTo(500);
    }
  }

  private static long count(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("select count(*) from customers")) {
      assertThat(rs.next()).isTrue();
      return rs.getLong(1);
    }
  }

  /** A raw client that has logged in and read ReadyForQuery. */
  private static RawPgClient loggedIn() throws IOException {
    RawPgClient client = new RawPgClient(proxy.address());
    client.sendStartup("anyone", SampleSchema.DATABASE);
    client.readUntil('Z');
    return client;
  }

  /** The next message is a FATAL ErrorResponse with this SQLSTATE, then the connection ends. */
  private static void assertFatalThenClosed(RawPgClient client, String sqlState)
      throws IOException {
    RawPgClient.Message error = client.readUntil('E');
    assertThat(error.fields()).containsEntry('C', sqlState).containsEntry('S', "FATAL");
    assertThat(client.closedByServer()).as("the proxy closes the connection").isTrue();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static byte[] int32(int value) {
    return ByteBuffer.allocate(4).putInt(value).array();
  }

  @Test
  void randomBytesAsTheFirstPacket() throws IOException {
    byte[] garbage = new byte[512];
    new Random(20261125L).nextBytes(garbage);
    // Whatever the rest, a first word with the top bit set is not a valid startup length.
    garbage[0] = (byte) 0xd7;
    try (RawPgClient client = new RawPgClient(proxy.address())) {
      client.send(garbage);
      assertFatalThenClosed(client, "08P01");
    }
  }

  @Test
  void httpRequestAsTheFirstPacket() throws IOException {
    try (RawPgClient client = new RawPgClient(proxy.address())) {
      client.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertFatalThenClosed(client, "08P01");
    }
  }

  @Test
  void startupPacketDeclaringAHugeLength() throws IOException {
    try (RawPgClient client = new RawPgClient(proxy.address())) {
      client.send(concat(int32(0x7fffffff), int32(196608), "user\0".getBytes()));
      assertFatalThenClosed(client, "08P01");
    }
  }

  @Test
  void typedMessageDeclaringAHugeLengthAfterLogin() throws IOException {
    try (RawPgClient client = loggedIn()) {
      client.send(concat(new byte[] {'Q'}, int32(0x7fffffff), "select 1".getBytes()));
      assertFatalThenClosed(client, "08P01");
    }
  }

  @Test
  void truncatedMessageThenClose() throws IOException {
    int before = closedSessions();
    try (RawPgClient client = loggedIn()) {
      // Declares 100 bytes, sends 10, and goes away.
      client.send(concat(new byte[] {'Q'}, int32(100), "select 1; ".getBytes()));
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(closedSessions())
                    .as("the session was cleaned up")
                    .isGreaterThan(before));
  }

  private static int closedSessions() {
    return proxy
        .audit()
        .matching(e -> e.type().equals("connection") && "closed".equals(e.event()))
        .size();
  }

  @Test
  void truncatedStartupPacketThenClose() throws IOException {
    try (RawPgClient client = new RawPgClient(proxy.address())) {
      client.send(concat(int32(40), int32(196608), "user\0any".getBytes()));
    }
  }

  @Test
  void unknownMessageTypeAfterLogin() throws IOException {
    try (RawPgClient client = loggedIn()) {
      client.sendTyped('z', new byte[] {1, 2, 3});
      assertFatalThenClosed(client, "08P01");
    }
  }

  @Test
  void passwordMessageAfterLogin() throws IOException {
    try (RawPgClient client = loggedIn()) {
      client.sendTyped('p', "let-me-in\0".getBytes(StandardCharsets.UTF_8));
      assertFatalThenClosed(client, "08P01");
    }
  }

  /** A startup packet and an unsolicited PasswordMessage, in one write. */
  private static byte[] startupWithUnsolicitedPassword() {
    byte[] params = "user\0anyone\0database\0shop\0\0".getBytes(StandardCharsets.UTF_8);
    byte[] password = "let-me-in\0".getBytes(StandardCharsets.UTF_8);
    return concat(
        int32(8 + params.length),
        int32(196608),
        params,
        new byte[] {'p'},
        int32(4 + password.length),
        password);
  }

  @Test
  void passwordMessageWhenNoneWasAskedFor() throws IOException {
    try (RawPgClient client = new RawPgClient(proxy.address())) {
      client.send(startupWithUnsolicitedPassword());
      assertFatalThenClosed(client, "08P01");
    }
  }

  @Test
  void aRefusedConnectionIsNotAlsoAuthenticated() throws IOException {
    proxy.audit().clear();
    try (RawPgClient client = new RawPgClient(proxy.address())) {
      client.send(startupWithUnsolicitedPassword());
      assertFatalThenClosed(client, "08P01");
    }
    List<String> refusedSessions =
        proxy.audit().matching(e -> "refused".equals(e.event())).stream()
            .map(AuditEvent::session)
            .toList();
    assertThat(refusedSessions).hasSize(1);
    assertThat(
            proxy
                .audit()
                .matching(
                    e ->
                        "authenticated".equals(e.event()) && refusedSessions.contains(e.session())))
        .as("a refused connection is not also authenticated")
        .isEmpty();
  }

  @Test
  void sessionsOtherThanTheBrokenOneKeepWorking() throws Exception {
    try (Connection bystander = proxy.connect("bystander", "", "");
        RawPgClient client = loggedIn()) {
      client.sendTyped('z', new byte[0]);
      assertFatalThenClosed(client, "08P01");
      assertThat(count(bystander)).isEqualTo(500);
    }
  }

  @Test
  void sslRequestFollowedByPlaintextInTheSameWriteIsRefused(@TempDir Path dir) throws Exception {
    TestCertificates certificates = TestCertificates.create(dir);
    try (ProxyFixture tls =
        ProxyFixture.builder(postgres).clientTls(certificates, true).workload(WORKLOAD).start()) {
      ByteArrayOutputStream startup = new ByteArrayOutputStream();
      startup.writeBytes("user\0anyone\0database\0shop\0\0".getBytes(StandardCharsets.UTF_8));
      byte[] params = startup.toByteArray();
      try (RawPgClient client = new RawPgClient(tls.address())) {
        client.send(
            concat(int32(8), int32(80877103), int32(8 + params.length), int32(196608), params));
        // The answer must not be 'S': the proxy never starts TLS over injected plaintext.
        RawPgClient.Message error = client.read();
        assertThat(error.type()).isEqualTo('E');
        assertThat(error.fields()).containsEntry('C', "08P01");
        assertThat(client.closedByServer()).isTrue();
      }
      assertThat(
              tls.audit().matching(e -> "refused".equals(e.event()) && e.result() != null).stream()
                  .map(e -> e.result().sqlstate()))
          .containsExactly("08P01");
      assertServes(tls, "anyone", "");
    }
  }

  @Test
  void aClientThatSendsNothingIsClosedAtTheStartupTimeout() throws Exception {
    ProxyConfig.Limits limits =
        new ProxyConfig.Limits(
            10, Duration.ofMillis(500), Duration.ZERO, 64 * 1024 * 1024, Duration.ofSeconds(5));
    try (ProxyFixture slow =
            ProxyFixture.builder(postgres).workload(WORKLOAD).limits(limits).start();
        RawPgClient client = new RawPgClient(slow.address())) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(slow.audit().matching(e -> "refused".equals(e.event())))
                      .singleElement()
                      .satisfies(e -> assertThat(e.result().sqlstate()).isEqualTo("08006")));
      assertFatalThenClosed(client, "08006");
      assertServes(slow, "anyone", "");
    }
  }

  @Test
  void connectionsBeyondTheLimitAreRefusedWithTooManyConnections() throws Exception {
    ProxyConfig.Limits limits =
        new ProxyConfig.Limits(
            2, Duration.ofSeconds(10), Duration.ZERO, 64 * 1024 * 1024, Duration.ofSeconds(5));
    try (ProxyFixture limited =
            ProxyFixture.builder(postgres).workload(WORKLOAD).limits(limits).start();
        Connection first = limited.connect("first", "", "");
        Connection second = limited.connect("second", "", "")) {
      PSQLException third =
          catchThrowableOfType(PSQLException.class, () -> limited.connect("third", "", "").close());
      assertThat((Throwable) third).isNotNull();
      assertThat(third.getSQLState()).isEqualTo("53300");
      assertThat(count(first)).isEqualTo(500);
      assertThat(count(second)).isEqualTo(500);
      List<AuditEvent> refused = limited.audit().matching(e -> "refused".equals(e.event()));
      assertThat(refused)
          .singleElement()
          .satisfies(e -> assertThat(e.result().sqlstate()).isEqualTo("53300"));
      first.close();
      // Once a slot is free, a new connection is served again.
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertServes(limited, "fourth", ""));
    }
  }
}
