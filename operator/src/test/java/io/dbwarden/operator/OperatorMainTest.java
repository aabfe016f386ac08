package io.dbwarden.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbwarden.operator.injection.SidecarMode;
import io.dbwarden.operator.injection.SidecarSettings;
import io.dbwarden.operator.logging.Logging;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class OperatorMainTest {

  private static OperatorConfig parse(String... args) {
    OperatorMain main = new OperatorMain();
    new CommandLine(main).parseArgs(args);
    return main.config();
  }

  @Test
  void defaults() {
    OperatorConfig config = parse();
    // The environment of the build may set DBWARDEN_* variables; the defaults hold without them.
    if (System.getenv().keySet().stream().noneMatch(k -> k.startsWith("DBWARDEN_"))) {
      assertThat(config.namespaces()).isEmpty();
      assertThat(config.podSelector()).isEqualTo("dbwarden.io/inject=true");
      assertThat(config.httpPort()).isEqualTo(8080);
      assertThat(config.leaderElection()).isTrue();
      assertThat(config.leaseName()).isEqualTo("dbwarden-operator");
      assertThat(config.logFormat()).isEqualTo(Logging.Format.JSON);
      assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(20));
      WebhookConfig webhook = config.webhook();
      assertThat(webhook.port()).isEqualTo(9443);
      assertThat(webhook.certificates().selfSigned()).isTrue();
      assertThat(webhook.certificates().secretName()).isEqualTo("dbwarden-webhook-tls");
      assertThat(webhook.certificates().webhookConfigurationName()).isEqualTo("dbwarden");
      assertThat(webhook.certificates().servingValidity()).isEqualTo(Duration.ofDays(365));
      assertThat(webhook.certificates().renewBefore()).isEqualTo(Duration.ofDays(30));
      assertThat(webhook.sidecar().image()).isEqualTo("ghcr.io/dbwarden/sidecar:0.1.0");
      assertThat(webhook.sidecar().defaultMode()).isEqualTo(SidecarMode.NATIVE);
      assertThat(config.streamPort()).isEqualTo(8081);
      assertThat(config.streamTlsCert()).isNull();
      assertThat(config.auditFlushInterval()).isEqualTo(Duration.ofSeconds(30));
      assertThat(config.replicaTokenFile()).isEqualTo(OperatorConfig.DEFAULT_TOKEN_FILE);
    }
  }

  @Test
  void flags() {
    OperatorConfig config =
        parse(
            "--namespaces=shop, billing",
            "--pod-selector=app in (orders)",
            "--http-port=9090",
            "--no-leader-election",
            "--lease-namespace=dbwarden-system",
            "--shutdown-timeout=45s",
            "--log-format=TEXT",
            "--log-level=debug",
            "--stream-port=9443",
            "--stream-tls-cert=/tls/tls.crt",
            "--stream-tls-key=/tls/tls.key",
            "--audit-flush-interval=1m",
            "--replica-host=10.0.0.5");
    assertThat(config.namespaces()).containsExactlyInAnyOrder("shop", "billing");
    assertThat(config.podSelector()).isEqualTo("app in (orders)");
    assertThat(config.httpPort()).isEqualTo(9090);
    assertThat(config.leaderElection()).isFalse();
    assertThat(config.leaseNamespace()).isEqualTo("dbwarden-system");
    assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(config.logFormat()).isEqualTo(Logging.Format.TEXT);
    assertThat(config.logLevel()).isEqualTo("debug");
    assertThat(config.streamPort()).isEqualTo(9443);
    assertThat(config.streamTlsCert()).isEqualTo(Path.of("/tls/tls.crt"));
    assertThat(config.streamTlsKey()).isEqualTo(Path.of("/tls/tls.key"));
    assertThat(config.auditFlushInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.replicaHost()).isEqualTo("10.0.0.5");
    assertThat(parse("--shutdown-timeout=PT1M").shutdownTimeout()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void webhookFlags() {
    WebhookConfig webhook =
        parse(
                "--operator-namespace=governance",
                "--webhook-port=8443",
                "--webhook-service=dbw",
                "--webhook-configuration=dbw-hooks",
                "--webhook-secret=dbw-tls",
                "--webhook-certificates=cert-manager",
                "--webhook-certificate-validity=90d",
                "--webhook-certificate-renew-before=10d",
                "--sidecar-image=registry.local/dbwarden/sidecar:dev",
                "--sidecar-mode=container")
            .webhook();
    assertThat(webhook.port()).isEqualTo(8443);
    assertThat(webhook.certificates().namespace()).isEqualTo("governance");
    assertThat(webhook.certificates().names())
        .containsExactly("dbw.governance.svc", "dbw.governance.svc.cluster.local");
    assertThat(webhook.certificates().selfSigned()).isFalse();
    assertThat(webhook.certificates().webhookConfigurationName()).isEqualTo("dbw-hooks");
    assertThat(webhook.certificates().secretName()).isEqualTo("dbw-tls");
    assertThat(webhook.certificates().servingValidity()).isEqualTo(Duration.ofDays(90));
    assertThat(webhook.certificates().renewBefore()).isEqualTo(Duration.ofDays(10));
    assertThat(webhook.sidecar().image()).isEqualTo("registry.local/dbwarden/sidecar:dev");
    assertThat(webhook.sidecar().defaultMode()).isEqualTo(SidecarMode.CONTAINER);
    assertThat(webhook.sidecar().operatorNamespace()).isEqualTo("governance");
    assertThat(webhook.sidecar().operatorUrl())
        .isEqualTo("ws://dbwarden-operator.governance.svc:8081/v1/sidecars/stream");
    assertThat(parse("--sidecar-operator-url=wss://op:1/s").webhook().sidecar().operatorUrl())
        .isEqualTo("wss://op:1/s");
    assertThat(parse("--no-webhook").webhook()).isNull();
    assertThat(webhook.sidecar().resources()).isEqualTo(SidecarSettings.DEFAULT_RESOURCES);
    assertThat(webhook.sidecar().auditMode()).isEqualTo("strict");
    SidecarSettings tuned =
        parse(
                "--sidecar-resources={\"requests\":{\"cpu\":\"250m\"}}",
                "--sidecar-audit-mode=best-effort")
            .webhook()
            .sidecar();
    assertThat(tuned.resources().getRequests().get("cpu").toString()).isEqualTo("250m");
    assertThat(tuned.auditMode()).isEqualTo("best-effort");
  }

  @Test
  void helpListsEveryFlagWithItsEnvironmentVariable() {
    String usage = new CommandLine(new OperatorMain()).getUsageMessage().replaceAll("\\s+", " ");
    assertThat(usage)
        .contains("--namespaces", "DBWARDEN_NAMESPACES")
        .contains("--http-port", "DBWARDEN_HTTP_PORT")
        .contains("--log-format", "DBWARDEN_LOG_FORMAT")
        .contains("--[no-]leader-election", "DBWARDEN_LEADER_ELECTION")
        .contains("--[no-]webhook", "DBWARDEN_WEBHOOK")
        .contains("--sidecar-mode", "DBWARDEN_SIDECAR_MODE");
  }
}
