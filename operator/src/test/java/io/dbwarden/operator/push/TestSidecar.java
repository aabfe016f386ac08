package io.dbwarden.operator.push;

import io.dbwarden.api.push.PushProtocol;
import io.dbwarden.operator.sidecars.PodRef;
import io.dbwarden.sidecar.approval.ApprovalGate;
import io.dbwarden.sidecar.approval.OperatorGrantStore;
import io.dbwarden.sidecar.audit.AuditEvents;
import io.dbwarden.sidecar.catalog.UpstreamCatalogs;
import io.dbwarden.sidecar.config.UpstreamConfig;
import io.dbwarden.sidecar.demo.EmbeddedPostgres;
import io.dbwarden.sidecar.demo.SampleSchema;
import io.dbwarden.sidecar.metrics.ProxyMetrics;
import io.dbwarden.sidecar.policy.PolicyEngine;
import io.dbwarden.sidecar.push.Backoff;
import io.dbwarden.sidecar.push.BundleStore;
import io.dbwarden.sidecar.push.OperatorClient;
import io.dbwarden.sidecar.push.PolicyEventsIgnored;
import io.dbwarden.sidecar.push.PushSettings;
import io.dbwarden.sidecar.push.PushedPolicy;
import io.dbwarden.sidecar.testing.PostgresExtension;
import io.dbwarden.sidecar.testing.ProxyFixture;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * A real sidecar for a pod, as {@code run --operator-url} assembles it: the pushed policy, the
 * grants the operator keeps, the proxy in front of a real PostgreSQL, and the stream to the
 * operator.
 */
final class TestSidecar implements AutoCloseable {

  private final PushedPolicy pushed;
  private final ProxyFixture proxy;
  private final OperatorClient stream;

  private TestSidecar(PushedPolicy pushed, ProxyFixture proxy, OperatorClient stream) {
    this.pushed = pushed;
    this.proxy = proxy;
    this.stream = stream;
  }

  /** A sidecar talking to the plain-text stream on {@code streamPort}. */
  static TestSidecar start(
      EmbeddedPostgres postgres, PodRef pod, String token, int streamPort, Path directory)
      throws IOException {
    return start(
        postgres,
        pod,
        token,
        URI.create("ws://127.0.0.1:" + streamPort + PushProtocol.PATH),
        null,
        directory);
  }

  /**
   * @param ca the CA the operator's certificate is checked against, for wss; null for ws
   */
  static TestSidecar start(
      EmbeddedPostgres postgres, PodRef pod, String token, URI operatorUrl, Path ca, Path directory)
      throws IOException {
    Path tokenFile = directory.resolve("token");
    Files.writeString(tokenFile, token);
    ProxyMetrics metrics = ProxyMetrics.none();
    OperatorGrantStore grants = new OperatorGrantStore(Clock.systemUTC());
    ApprovalGate approvals = ApprovalGate.kubernetes(grants, pod.namespace());
    PushedPolicy pushed =
        new PushedPolicy(
            new BundleStore(directory.resolve("bundles")),
            compiled ->
                new PolicyEngine(
                    compiled,
                    UpstreamCatalogs.forUpstream(
                        new UpstreamConfig(
                            postgres.address(),
                            UpstreamConfig.TlsMode.DISABLE,
                            null,
                            new UpstreamConfig.Credentials(
                                SampleSchema.APP_ROLE, PostgresExtension.APP_PASSWORD))),
                    Duration.ofSeconds(5),
                    approvals),
            new PolicyEventsIgnored());
    pushed.loadSaved();
    ProxyFixture proxy =
        ProxyFixture.builder(postgres).decider(pushed.decider()).metrics(metrics).start();
    grants.onDecision(
        grant ->
            proxy
                .audit()
                .record(AuditEvents.approvalDecided(grant, pushed.version().orElse(null))));
    OperatorClient stream =
        new OperatorClient(
            new PushSettings(
                operatorUrl,
                tokenFile,
                pod.toString(),
                ca,
                Duration.ofMillis(200),
                new Backoff(Duration.ofMillis(100), Duration.ofMillis(500))),
            pushed,
            grants,
            metrics::totals);
    stream.start();
    return new TestSidecar(pushed, proxy, stream);
  }

  ProxyFixture proxy() {
    return proxy;
  }

  @Override
  public void close() throws Exception {
    stream.close();
    proxy.close();
    pushed.close();
  }
}
