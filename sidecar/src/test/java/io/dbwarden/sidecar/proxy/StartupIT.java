package io.dbwarden.sidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbwarden.sidecar.demo.EmbeddedPostgres;
import io.dbwarden.sidecar.identity.Identity;
import io.dbwarden.sidecar.testing.PostgresExtension;
import io.dbwarden.sidecar.testing.ProxyFixture;
import io.dbwarden.sidecar.testing.RawPgClient;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The untyped first packets and startup parameters. */
@ExtendWith(PostgresExtension.class)
class StartupIT {

  private static ProxyFixture proxy;

  @BeforeAll
  static void start(EmbeddedPostgres postgres) {
    proxy =
        ProxyFixture.builder(postgres)
            .workload(
                new Identity(
                    Identity.Kind.ServiceAccount,
                    "shop/api",
                    List.of(),
                    null,
                    Identity.Method.WORKLOAD))
            .start();
  }

  @AfterAll
  static void stop() {
    proxy.close();
  }

  @Test
  void gssEncryptionIsDeclinedSoClientsFallBack() throws Exception {
    try (RawPgClient client = new RawPgClient(proxy.address())) {
      client.send(new byte[] {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x30});
      assertThat(new DataInputStream(client.socket().getInputStream()).readByte())
          .isEqualTo((byte) 'N');
      client.sendStartup("api", "shop");
      assertThat(client.readUntil('Z').body()).containsExactly('I');
    }
  }

  @Test
  void tlsIsDeclinedWhenNotConfigured() throws Exception {
    try (RawPgClient client = new RawPgClient(proxy.address())) {
      client.send(new byte[] {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f});
      assertThat(new DataInputStream(client.socket().getInputStream()).readByte())
          .isEqualTo((byte) 'N');
      client.sendStartup("api", "shop");
      client.readUntil('Z');
    }
  }

  @Test
  void aNewerMinorProtocolVersionIsNegotiatedDown() throws Exception {
    try (RawPgClient client = new RawPgClient(proxy.address())) {
      client.send(startupPacket(196610, "user", "api", "database", "shop", "_pq_.future", "on"));
      RawPgClient.Message negotiate = client.read();
      assertThat(negotiate.type()).isEqualTo('v');
      assertThat(new String(negotiate.body(), StandardCharsets.UTF_8)).contains("_pq_.future");
      client.readUntil('Z');
      client.sendQuery("SELECT 1");
      assertThat(client.readUntil('C').body())
          .startsWith("SELECT 1".getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void startupOptionsMayNotSwitchTheDatabaseRole() {
    assertThatThrownBy(() -> proxy.connect("api", "", "options=-c%20role%3Dpostgres").close())
        .isInstanceOf(SQLException.class)
        .hasFieldOrPropertyWithValue("SQLState", "42501");
    assertThatThrownBy(
            () -> proxy.connect("api", "", "options=-csession_authorization%3Dpostgres").close())
        .isInstanceOf(SQLException.class)
        .hasFieldOrPropertyWithValue("SQLState", "42501");
  }

  @Test
  void startupOptionsAndApplicationNameArePassedOn() throws Exception {
    try (var c =
            proxy.connect(
                "api", "", "options=-c%20statement_timeout%3D1234&ApplicationName=billing");
        var s = c.createStatement();
        var rs =
            s.executeQuery(
                "SELECT current_setting('statement_timeout'), current_setting('application_name')")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("1234ms");
      assertThat(rs.getString(2)).isEqualTo("billing");
    }
  }

  @Test
  void clientEncodingsTheProxyCannotReadAreRefused() throws Exception {
    assertThatThrownBy(
            () -> {
              try (var c = proxy.connect("api", "", "");
                  var s = c.createStatement()) {
                s.execute("SET client_encoding = 'LATIN1'");
                s.execute("SELECT 1");
              }
            })
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("client_encoding");
    try (RawPgClient client = new RawPgClient(proxy.address())) {
      client.send(
          startupPacket(196608, "user", "api", "database", "shop", "client_encoding", "LATIN1"));
      RawPgClient.Message error = client.readUntil('E');
      assertThat(error.fields()).containsEntry('C', "0A000");
    }
  }

  @Test
  void replicationConnectionsAreRefused() throws Exception {
    try (RawPgClient client = new RawPgClient(proxy.address())) {
      client.send(
          startupPacket(196608, "user", "api", "database", "shop", "replication", "database"));
      RawPgClient.Message error = client.readUntil('E');
      assertThat(error.fields()).containsEntry('C', "0A000");
      assertThat(client.closedByServer()).isTrue();
    }
  }

  private static byte[] startupPacket(int version, String... parameters) throws Exception {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (String p : parameters) {
      body.writeBytes(p.getBytes(StandardCharsets.UTF_8));
      body.write(0);
    }
    body.write(0);
    ByteArrayOutputStream packet = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(packet);
    out.writeInt(8 + body.size());
    out.writeInt(version);
    out.write(body.toByteArray());
    return packet.toByteArray();
  }
}
