package io.dbwarden.operator.webhook;

import io.dbwarden.operator.certs.CertificateSettings;
import io.dbwarden.operator.certs.ReloadableSslContext;
import io.dbwarden.operator.certs.WebhookCertificates;
import io.dbwarden.operator.http.HttpServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.Objects;

/**
 * The admission webhooks over HTTPS on their own port, with certificates the operator keeps
 * current: TLS, HTTP codec, an aggregator with a size limit, then one route per webhook.
 */
public final class WebhookServer implements AutoCloseable {

  private final WebhookCertificates certificates;
  private final HttpServer https;

  /**
   * @param host the address to listen on
   * @param port the port, 0 for any free one
   */
  public WebhookServer(
      KubernetesClient client,
      String host,
      int port,
      CertificateSettings certificates,
      Clock clock) {
    ReloadableSslContext context = new ReloadableSslContext();
    this.certificates = new WebhookCertificates(client, certificates, clock, context);
    this.https = HttpServer.https(host, port, context);
  }

  /** Sends the AdmissionReviews POSTed to {@code path} to {@code controller}. */
  public WebhookServer route(String path, AdmissionController controller) {
    https.route(
        path,
        new AdmissionRoute(Objects.requireNonNull(controller, "controller must not be null")));
    return this;
  }

  /** Loads the certificate (creating it if needed), then serves. */
  public void start() throws InterruptedException {
    certificates.start();
    https.start();
  }

  /** The port the webhooks are served on. */
  public int port() {
    return https.port();
  }

  @Override
  public void close() {
    https.close();
    certificates.close();
  }
}
