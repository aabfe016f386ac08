package io.dbwarden.operator.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Objects;
import java.util.function.Supplier;

/** The operator's own routes: health, readiness and metrics. */
public final class OperatorRoutes {

  public static final String HEALTHZ = "/healthz";
  public static final String READYZ = "/readyz";
  public static final String METRICS = "/metrics";

  /** Prometheus text exposition format 0.0.4. */
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private OperatorRoutes() {}

  /**
   * Adds the routes to {@code server}.
   *
   * @param liveness null when the process is healthy, or why not (it is shutting down)
   * @param readiness null when the operator is ready (started, caches synced and informers
   *     healthy), or why not
   */
  public static void install(
      HttpServer server,
      Supplier<String> liveness,
      Supplier<String> readiness,
      PrometheusMeterRegistry metrics) {
    Objects.requireNonNull(metrics, "metrics must not be null");
    server
        .route(HEALTHZ, request -> probe(liveness.get()))
        .route(READYZ, request -> probe(readiness.get()))
        .route(
            METRICS,
            request ->
                new HttpReply(
                    200,
                    PROMETHEUS_TEXT,
                    metrics.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  private static HttpReply probe(String problem) {
    return problem == null ? HttpReply.text(200, "ok\n") : HttpReply.text(503, problem + "\n");
  }
}
