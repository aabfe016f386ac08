package io.dbwarden.operator.certs;

import io.dbwarden.operator.webhook.WebhookServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/** HTTPS requests from a client that trusts only the given CAs, on a new connection each time. */
public final class HttpsTesting {

  /** The Secret {@link #webhookCertificates} keeps the webhook server's certificate in. */
  public static final String WEBHOOK_SECRET = "dbwarden-webhook-tls";

  private HttpsTesting() {}

  /**
   * Certificates for a webhook server on 127.0.0.1 with the operator as its CA, kept in the Secret
   * {@link #WEBHOOK_SECRET} of {@code namespace}.
   */
  public static CertificateSettings webhookCertificates(String namespace) {
    return new CertificateSettings(
        namespace,
        WEBHOOK_SECRET,
        List.of("127.0.0.1"),
        true,
        "dbwarden",
        Duration.ofDays(3650),
        Duration.ofDays(365),
        Duration.ofDays(30),
        Duration.ofHours(1));
  }

  /**
   * A webhook server on a free port of 127.0.0.1 with {@link #webhookCertificates}{@code
   * (namespace)}; add routes, then start it.
   */
  public static WebhookServer webhookServer(KubernetesClient client, String namespace) {
    return new WebhookServer(
        client, "127.0.0.1", 0, webhookCertificates(namespace), Clock.systemUTC());
  }

  /** The CAs of the webhook server started with {@link #webhookCertificates}{@code (namespace)}. */
  public static List<X509Certificate> webhookCas(KubernetesClient client, String namespace) {
    return WebhookTls.fromSecret(
            client.secrets().inNamespace(namespace).withName(WEBHOOK_SECRET).get())
        .orElseThrow()
        .cas();
  }

  /** POSTs {@code body} as JSON to {@code https://127.0.0.1:port/path}. */
  public static HttpResponse<String> post(
      List<X509Certificate> trusted, int port, String path, String body) throws Exception {
    return post(trustManager(trusted), port, path, body);
  }

  /**
   * POSTs like {@link #post}, checking that the server's certificate chains to {@code trusted} but
   * not that it names 127.0.0.1: for a server whose certificate names only its Service.
   */
  public static HttpResponse<String> postToAnyName(
      List<X509Certificate> trusted, int port, String path, String body) throws Exception {
    X509TrustManager chain = trustManager(trusted);
    return post(
        new X509ExtendedTrustManager() {
          @Override
          public void checkServerTrusted(X509Certificate[] certificates, String authType)
              throws CertificateException {
            chain.checkServerTrusted(certificates, authType);
          }

          @Override
          public void checkServerTrusted(
              X509Certificate[] certificates, String authType, Socket socket)
              throws CertificateException {
            chain.checkServerTrusted(certificates, authType);
          }

          @Override
          public void checkServerTrusted(
              X509Certificate[] certificates, String authType, SSLEngine engine)
              throws CertificateException {
            chain.checkServerTrusted(certificates, authType);
          }

          @Override
          public void checkClientTrusted(X509Certificate[] certificates, String authType)
              throws CertificateException {
            throw new CertificateException("a client only");
          }

          @Override
          public void checkClientTrusted(
              X509Certificate[] certificates, String authType, Socket socket)
              throws CertificateException {
            throw new CertificateException("a client only");
          }

          @Override
          public void checkClientTrusted(
              X509Certificate[] certificates, String authType, SSLEngine engine)
              throws CertificateException {
            throw new CertificateException("a client only");
          }

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return chain.getAcceptedIssuers();
          }
        },
        port,
        path,
        body);
  }

  private static HttpResponse<String> post(
      X509TrustManager trust, int port, String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    // A client per request: its own connection, so the server's current certificate is presented.
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, new TrustManager[] {trust}, null);
    return HttpClient.newBuilder()
        .sslContext(ssl)
        .version(HttpClient.Version.HTTP_1_1)
        .build()
        .send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The certificate the server on {@code port} presents to a new connection. */
  public static X509Certificate presented(List<X509Certificate> trusted, int port)
      throws Exception {
    HttpResponse<String> response = post(trusted, port, "/", "{}");
    return (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
  }

  private static X509TrustManager trustManager(List<X509Certificate> trusted) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    for (int i = 0; i < trusted.size(); i++) {
      store.setCertificateEntry("ca-" + i, trusted.get(i));
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    return (X509TrustManager) trust.getTrustManagers()[0];
  }
}
