package io.dbwarden.operator.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbwarden.operator.OperatorTesting;
import io.dbwarden.operator.http.HttpReply;
import io.dbwarden.operator.http.HttpServer;
import io.dbwarden.sidecar.testing.MovableClock;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Certificates against the mock API server, served over real HTTPS. */
@EnableKubernetesMockClient(crud = true)
class WebhookCertificatesTest {

  static KubernetesClient client;
  static KubernetesMockServer api;

  /**
   * Starts in the past so that certificates issued after moving it forward are valid for the HTTPS
   * client, which checks validity against the real time.
   */
  private final MovableClock clock = new MovableClock(Instant.now().minus(Duration.ofDays(45)));

  private String namespace;
  private CertificateSettings settings;
  private ReloadableSslContext context;
  private HttpServer server;

  @BeforeEach
  void setUp() {
    namespace = OperatorTesting.namespace("certs");
    settings = settings(true);
    context = new ReloadableSslContext();
    server = HttpServer.https("127.0.0.1", 0, context);
    server.route("/", request -> HttpReply.text(200, "ok\n"));
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private CertificateSettings settings(boolean selfSigned) {
    return new CertificateSettings(
        namespace,
        "dbwarden-webhook-tls",
        List.of("dbwarden-webhook." + namespace + ".svc", "127.0.0.1"),
        selfSigned,
        "dbwarden-" + namespace,
        Duration.ofDays(3650),
        Duration.ofDays(60),
        Duration.ofDays(20),
        Duration.ofHours(1));
  }

  private WebhookCertificates start() {
    return start(settings);
  }

  private WebhookCertificates start(CertificateSettings settings) {
    WebhookCertificates certificates = new WebhookCertificates(client, settings, clock, context);
    certificates.start();
    return certificates;
  }

  /** A certificate as cert-manager would write it: no CA key. */
  private WebhookTls issuedElsewhere(Instant at) {
    WebhookTls issued = new CertificateRotation(settings).next(Optional.empty(), at).orElseThrow();
    return new WebhookTls(issued.caBundlePem(), null, issued.certificatePem(), issued.keyPem());
  }

  private Secret secret() {
    return client.secrets().inNamespace(namespace).withName("dbwarden-webhook-tls").get();
  }

  private WebhookTls stored() {
    return WebhookTls.fromSecret(secret()).orElseThrow();
  }

  /** The caBundle of every webhook, the mutating configuration's first. */
  private List<String> caBundles() {
    var admission = client.admissionRegistration().v1();
    String name = settings.webhookConfigurationName();
    return java.util.stream.Stream.concat(
            admission.mutatingWebhookConfigurations().withName(name).get().getWebhooks().stream()
                .map(w -> w.getClientConfig().getCaBundle()),
            admission.validatingWebhookConfigurations().withName(name).get().getWebhooks().stream()
                .map(w -> w.getClientConfig().getCaBundle()))
        .toList();
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }

  /** The mutating one without a caBundle, the validating one with a stale one. */
  private void createWebhookConfigurations() {
    String yaml =
        """
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingWebhookConfiguration
        metadata: {name: %1$s}
        webhooks:
          - name: inject.dbwarden.io
            clientConfig: {service: {namespace: %2$s, name: dbwarden-webhook, path: /inject}}
            admissionReviewVersions: [v1]
            sideEffects: None
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata: {name: %1$s}
        webhooks:
          - name: grants.dbwarden.io
            clientConfig: {caBundle: b2xk, service: {namespace: %2$s, name: dbwarden-webhook}}
            admissionReviewVersions: [v1]
            sideEffects: None
        """
            .formatted(settings.webhookConfigurationName(), namespace);
    client.load(new java.io.ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).create();
  }

  @Test
  void createsTheSecretPatchesCaBundlesAndServesTheCertificate() throws Exception {
    createWebhookConfigurations();
    try (WebhookCertificates ignored = start()) {
      server.start();
      Secret secret = secret();
      assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
      assertThat(secret.getData()).containsOnlyKeys("ca.crt", "ca.key", "tls.crt", "tls.key");
      WebhookTls tls = stored();

      assertThat(caBundles()).containsExactly(base64(tls.caBundlePem()), base64(tls.caBundlePem()));

      assertThat(HttpsTesting.presented(tls.cas(), server.port())).isEqualTo(tls.certificate());
    }
  }

  @Test
  void aSecondReplicaReusesTheSecretAndMissingWebhookConfigurationsAreSkipped() throws Exception {
    try (WebhookCertificates first = start()) {
      WebhookTls created = stored();
      String version = secret().getMetadata().getResourceVersion();
      ReloadableSslContext secondContext = new ReloadableSslContext();
      try (WebhookCertificates second =
          new WebhookCertificates(client, settings, clock, secondContext)) {
        second.start();
        assertThat(secret().getMetadata().getResourceVersion()).isEqualTo(version);
        assertThat(stored()).isEqualTo(created);
      }
    }
  }

  @Test
  void rotatesNearExpiryAndNewConnectionsGetTheNewCertificateWithoutRestart() throws Exception {
    createWebhookConfigurations();
    try (WebhookCertificates certificates = start()) {
      server.start();
      WebhookTls before = stored();
      assertThat(HttpsTesting.presented(before.cas(), server.port()))
          .isEqualTo(before.certificate());

      clock.advance(Duration.ofDays(30));
      certificates.check();
      assertThat(stored()).isEqualTo(before);

      clock.advance(Duration.ofDays(11));
      certificates.check();
      WebhookTls after = stored();
      assertThat(after.certificate()).isNotEqualTo(before.certificate());
      assertThat(after.caBundlePem()).isEqualTo(before.caBundlePem());
      X509Certificate presented = HttpsTesting.presented(after.cas(), server.port());
      assertThat(presented).isEqualTo(after.certificate());
    }
  }

  @Test
  void aSecretWrittenByAnotherReplicaIsServedWhenItChanges() throws Exception {
    try (WebhookCertificates ignored = start()) {
      server.start();
      WebhookTls before = stored();
      // Another replica (its clock a little ahead) rotated the certificate.
      WebhookTls rotated =
          new CertificateRotation(settings)
              .next(Optional.of(before), clock.instant().plus(Duration.ofDays(45)))
              .orElseThrow();
      Secret written = rotated.toSecret(namespace, settings.secretName());
      written.getMetadata().setResourceVersion(secret().getMetadata().getResourceVersion());
      client.resource(written).update();

      OperatorTesting.eventually()
          .untilAsserted(
              () ->
                  assertThat(HttpsTesting.presented(rotated.cas(), server.port()))
                      .isEqualTo(rotated.certificate()));
    }
  }

  @Test
  void withCertManagerTheSecretIsOnlyReadAndReloadedWhenItIsRenewed() throws Exception {
    CertificateSettings certManager = settings(false);
    assertThatThrownBy(() -> start(certManager))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cert-manager");

    createWebhookConfigurations();
    WebhookTls first = issuedElsewhere(clock.instant());
    client.resource(first.toSecret(namespace, settings.secretName())).create();
    try (WebhookCertificates ignored = start(certManager)) {
      server.start();
      assertThat(HttpsTesting.presented(first.cas(), server.port())).isEqualTo(first.certificate());
      assertThat(secret().getData()).doesNotContainKey("ca.key");
      // caBundle is cert-manager's CA injector's job.
      assertThat(caBundles()).containsExactly(null, "b2xk");

      WebhookTls renewed = issuedElsewhere(clock.instant().plus(Duration.ofDays(40)));
      client.resource(renewed.toSecret(namespace, settings.secretName())).update();
      OperatorTesting.eventually()
          .untilAsserted(
              () ->
                  assertThat(HttpsTesting.presented(renewed.cas(), server.port()))
                      .isEqualTo(renewed.certificate()));
      assertThat(secret().getData()).doesNotContainKey("ca.key");
    }
  }

  @Test
  void aReplicaThatLosesTheCreateRaceUsesTheWinnersSecret() throws Exception {
    WebhookTls winners =
        new CertificateRotation(settings).next(Optional.empty(), clock.instant()).orElseThrow();
    client.resource(winners.toSecret(namespace, settings.secretName())).create();
    // This replica read before the winner's create arrived: it sees no Secret, and its create
    // then meets the winner's.
    api.expect()
        .get()
        .withPath("/api/v1/namespaces/" + namespace + "/secrets/" + settings.secretName())
        .andReturn(404, "")
        .once();

    try (WebhookCertificates ignored = start()) {
      server.start();
      // Had start() not met the 404, this read would, and fail.
      assertThat(stored()).isEqualTo(winners);
      assertThat(HttpsTesting.presented(winners.cas(), server.port()))
          .isEqualTo(winners.certificate());
    }
  }
}
