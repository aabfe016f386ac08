package io.dbwarden.sidecar.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dbwarden.api.audit.AuditEvent;
import io.dbwarden.sidecar.demo.DemoPolicy;
import io.dbwarden.sidecar.demo.EmbeddedPostgres;
import io.dbwarden.sidecar.policy.CompiledPolicy;
import io.dbwarden.sidecar.policy.PolicyCompiler;
import io.dbwarden.sidecar.policy.file.PolicyFiles;
import io.dbwarden.sidecar.testing.PostgresExtension;
import io.dbwarden.sidecar.testing.ProxyFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code spec.audit.parameters: include}: records carry the literal and bound values behind the
 * placeholders of the redacted text (by default they carry none, see {@link AuditEventsIT}).
 */
@ExtendWith(PostgresExtension.class)
class AuditParametersIT {

  @TempDir static Path dir;
  private static ProxyFixture proxy;

  @BeforeAll
  static void start(EmbeddedPostgres postgres) throws Exception {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, DemoPolicy.text() + "  audit:\n    parameters: include\n");
    CompiledPolicy policy = PolicyCompiler.compile(PolicyFiles.load(file).policy());
    assertThat(policy.auditParameters()).isTrue();
    proxy = ProxyFixture.builder(postgres).policy(policy).start();
  }

  @AfterAll
  static void stop() {
    if (proxy != null) {
      proxy.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"preferQueryMode=simple", "prepareThreshold=1"})
  void valuesAreRecordedByPlaceholder(String mode) throws Exception {
    proxy.audit().clear();
    try (Connection c = proxy.connect(ProxyFixture.ALICE, ProxyFixture.ALICE_PASSWORD, mode);
        PreparedStatement ps =
            c.prepareStatement("SELECT id FROM customers WHERE email = ? AND id > 0")) {
      ps.setString(1, "ann@example.com");
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
      }
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> completed().size() == 1);
    AuditEvent.StatementInfo statement = completed().get(0).statement();
    if (mode.contains("simple")) {
      // pgjdbc writes the value into the text: both are literals there.
      assertThat(statement.text())
          .isEqualTo("SELECT id FROM customers WHERE email = ($1) AND id > $2");
      assertThat(statement.parameters()).isEqualTo(Map.of("$1", "ann@example.com", "$2", "0"));
    } else {
      assertThat(statement.text())
          .isEqualTo("SELECT id FROM customers WHERE email = $1 AND id > $2");
      assertThat(statement.parameters()).isEqualTo(Map.of("$1", "ann@example.com", "$2", "0"));
    }
  }

  private static List<AuditEvent> completed() {
    return proxy
        .audit()
        .matching(
            e ->
                "completed".equals(e.event())
                    && e.statement().tablesRead() != null
                    && e.statement().tablesRead().contains("public.customers"));
  }
}
