package io.dbwarden.operator.certs;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** HTTPS requests from a client that trusts only the given CAs, on a new connection each time. */
public final class HttpsTesting {

  private HttpsTesting() {}

  /** POSTs {@code body} as JSON to {@code https://127.0.0.1:port/path}. */
  public static HttpResponse<String> post(
      List<X509Certificate> trusted, int port, String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    // A client per request: its own connection, so the server's current certificate is presented.
    return client(trusted).send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The certificate the server on {@code port} presents to a new connection. */
  public static X509Certificate presented(List<X509Certificate> trusted, int port)
      throws Exception {
    HttpResponse<String> response = post(trusted, port, "/", "{}");
    return (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
  }

  private static HttpClient client(List<X509Certificate> trusted) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    for (int i = 0; i < trusted.size(); i++) {
      store.setCertificateEntry("ca-" + i, trusted.get(i));
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, trust.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1).build();
  }
}
