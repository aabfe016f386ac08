package io.dbwarden.operator.push;

import io.dbwarden.api.push.PushProtocol;
import io.dbwarden.operator.http.NettyListener;
import io.dbwarden.operator.policy.BundleRegistry;
import io.dbwarden.operator.sidecars.PodRef;
import io.dbwarden.operator.sidecars.SidecarRegistry;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push stream's server, on a port of its own: sidecars on {@value PushProtocol#PATH}, and on
 * the leader the other replicas' relays on {@value PushProtocol#REPLICAS_PATH}. Sidecars are a
 * different audience from the probes and Prometheus on the HTTP port, and their connections live as
 * long as the pods. Every replica serves it from its own registries.
 */
public final class StreamServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StreamServer.class);

  /** An upgrade request has no body; anything larger is not one. */
  private static final int MAX_REQUEST = 16 * 1024;

  private final String host;
  private final int port;
  private final SslContext tls;
  private final Map<String, StreamEndpoint> endpoints;
  private final SidecarSessions sessions;
  private final GrantDesk grants;
  private ExecutorService reviews;
  private NettyListener listener;

  /**
   * @param tls the TLS context to serve the stream with; null for plain text
   * @param pods the sidecar pods in the informer cache
   * @param relay passes sidecars' reports on to the leader when this replica is not it
   * @param grants the approvals side: grants for sidecars, and their requests
   */
  public StreamServer(
      String host,
      int port,
      SslContext tls,
      KubernetesClient client,
      Function<PodRef, Optional<Pod>> pods,
      BundleRegistry bundles,
      SidecarRegistry sidecars,
      ReportRelay relay,
      GrantDesk grants) {
    this.host = Objects.requireNonNull(host, "host must not be null");
    this.port = port;
    this.tls = tls;
    Objects.requireNonNull(bundles, "bundles must not be null");
    Objects.requireNonNull(sidecars, "sidecars must not be null");
    Objects.requireNonNull(relay, "relay must not be null");
    TokenReviewer reviewer = new TokenReviewer(client);
    SidecarAuthenticator authenticator = new SidecarAuthenticator(reviewer, pods);
    this.grants = Objects.requireNonNull(grants, "grants must not be null");
    this.sessions = new SidecarSessions(bundles, grants);
    this.endpoints =
        Map.of(
            PushProtocol.PATH,
            headers ->
                new SidecarSession(
                    authenticator.authenticate(
                        headers.get(HttpHeaderNames.AUTHORIZATION),
                        headers.get(PushProtocol.POD_HEADER)),
                    bundles,
                    sidecars,
                    sessions,
                    relay,
                    grants),
            PushProtocol.REPLICAS_PATH,
            headers -> {
              String user =
                  reviewer.review(headers.get(HttpHeaderNames.AUTHORIZATION)).getUsername();
              if (!user.equals(reviewer.self())) {
                throw new StreamRefusal(403, "only the operator's own replicas relay, not " + user);
              }
              return new ReplicaSession(sidecars);
            });
  }

  /** Binds and starts serving. */
  public synchronized void start() throws InterruptedException {
    if (listener != null) {
      throw new IllegalStateException("the stream server is already started");
    }
    grants.start();
    reviews =
        Executors.newFixedThreadPool(
            2,
            task -> {
              Thread thread = new Thread(task, "dbwarden-token-review");
              thread.setDaemon(true);
              return thread;
            });
    listener =
        NettyListener.bind(
            host,
            port,
            pipeline -> {
              if (tls != null) {
                pipeline.addLast("tls", tls.newHandler(pipeline.channel().alloc()));
              }
              pipeline
                  .addLast("http", new HttpServerCodec())
                  .addLast("aggregator", new HttpObjectAggregator(MAX_REQUEST))
                  .addLast("upgrade", new StreamUpgrade(endpoints, reviews));
            });
    LOG.info(
        "stream listening on {} for {}{}",
        listener.address(),
        endpoints.keySet(),
        tls == null ? " (plain text)" : " (TLS)");
  }

  /** The port the server listens on (the bound one when 0 was asked for). */
  public int port() {
    if (listener == null) {
      throw new IllegalStateException("the stream server is not started");
    }
    return listener.address().getPort();
  }

  /** How many sidecars are connected. */
  public int connected() {
    return sessions.size();
  }

  @Override
  public synchronized void close() {
    if (listener == null) {
      return;
    }
    // Closing the streams tells each sidecar to reconnect, to another replica or to this one later.
    sessions.closeAll("the operator is shutting down", Duration.ofSeconds(5));
    listener.close();
    reviews.shutdownNow();
    grants.close();
    listener = null;
  }
}
