package io.dbwarden.sidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbwarden.sidecar.config.UpstreamConfig.TlsMode;
import io.dbwarden.sidecar.demo.EmbeddedPostgres;
import io.dbwarden.sidecar.demo.SampleSchema;
import io.dbwarden.sidecar.testing.PostgresExtension;
import io.dbwarden.sidecar.testing.ProxyFixture;
import io.dbwarden.sidecar.testing.TestCertificates;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxy's own connection to the database over TLS, verified or not. */
class UpstreamTlsIT {

  @TempDir static Path dir;
  private static TestCertificates certificates;
  private static EmbeddedPostgres tlsPostgres;

  @BeforeAll
  static void start() throws Exception {
    certificates = TestCertificates.create(dir);
    tlsPostgres =
        EmbeddedPostgres.builder()
            .superuserPassword(PostgresExtension.SUPERUSER_PASSWORD)
            .tls(certificates.certificate(), certificates.privateKey())
            .start();
    SampleSchema.load(tlsPostgres, PostgresExtension.APP_PASSWORD);
  }

  @AfterAll
  static void stop() {
    tlsPostgres.close();
  }

  @Test
  void verifyFullEncryptsTheDatabaseConnection() throws SQLException {
    try (ProxyFixture proxy =
            ProxyFixture.builder(tlsPostgres)
                .upstreamTls(TlsMode.VERIFY_FULL, certificates.caCertificate())
                .start();
        Connection c = proxy.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getBoolean(1)).isTrue();
    }
  }

  @Test
  void requireEncryptsWithoutVerifying() throws SQLException {
    try (ProxyFixture proxy =
            ProxyFixture.builder(tlsPostgres).upstreamTls(TlsMode.REQUIRE, null).start();
        Connection c = proxy.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getBoolean(1)).isTrue();
    }
  }

  @Test
  void verifyFullRefusesAServerItCannotVerify() throws Exception {
    TestCertificates otherCa =
        TestCertificates.create(java.nio.file.Files.createDirectories(dir.resolve("other")));
    try (ProxyFixture proxy =
        ProxyFixture.builder(tlsPostgres)
            .upstreamTls(TlsMode.VERIFY_FULL, otherCa.caCertificate())
            .start()) {
      assertThatThrownBy(proxy::connect)
          .isInstanceOf(SQLException.class)
          .hasFieldOrPropertyWithValue("SQLState", "08006")
          .hasMessageContaining("cannot reach the database");
    }
  }

  @Test
  void aServerWithoutTlsIsRefusedWhenTlsIsRequired() throws Exception {
    EmbeddedPostgres plain = EmbeddedPostgres.builder().start();
    try (ProxyFixture proxy =
        ProxyFixture.builder(plain)
            .upstreamCredentials("postgres", "unused")
            .upstreamTls(TlsMode.REQUIRE, null)
            .start()) {
      assertThatThrownBy(proxy::connect)
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("does not accept TLS");
    } finally {
      plain.close();
    }
  }
}
