package io.dbwarden.operator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HttpServerTest {

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthReadinessMetricsAndErrors() throws Exception {
    AtomicReference<String> readiness = new AtomicReference<>("starting");
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    metrics.counter("dbwarden_test_total").increment();
    try (HttpServer server = new HttpServer("127.0.0.1", 0)) {
      OperatorRoutes.install(server, () -> null, readiness::get, metrics);
      server.route(
          "/boom",
          request -> {
            throw new IllegalStateException("secret detail");
          });
      server.start();
      int port = server.port();

      assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
      HttpResponse<String> notReady = get(port, "/readyz");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).isEqualTo("starting\n");
      readiness.set(null);
      assertThat(get(port, "/readyz?verbose").statusCode()).isEqualTo(200);

      HttpResponse<String> scrape = get(port, "/metrics");
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.headers().firstValue("content-type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
      assertThat(scrape.body()).contains("dbwarden_test_total 1.0");

      assertThat(get(port, "/nothing").statusCode()).isEqualTo(404);
      HttpResponse<String> failed = get(port, "/boom");
      assertThat(failed.statusCode()).isEqualTo(500);
      assertThat(failed.body()).doesNotContain("secret");
    }
  }
}
