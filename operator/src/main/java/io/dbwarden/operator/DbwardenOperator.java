package io.dbwarden.operator;

import io.dbwarden.operator.grant.AccessGrantReconciler;
import io.dbwarden.operator.grant.AccessGrants;
import io.dbwarden.operator.grant.GrantDecisions;
import io.dbwarden.operator.grant.GrantRequests;
import io.dbwarden.operator.http.HttpServer;
import io.dbwarden.operator.http.OperatorRoutes;
import io.dbwarden.operator.injection.PodInjector;
import io.dbwarden.operator.policy.BundleRegistry;
import io.dbwarden.operator.policy.DatabasePolicyReconciler;
import io.dbwarden.operator.push.GrantDesk;
import io.dbwarden.operator.push.LeaderRelay;
import io.dbwarden.operator.push.ReportRelay;
import io.dbwarden.operator.push.StreamServer;
import io.dbwarden.operator.sidecars.SidecarRegistry;
import io.dbwarden.operator.webhook.WebhookServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator assembled: the JOSDK {@link Operator} with the {@code DatabasePolicy} and {@code
 * AccessGrant} controllers, the sidecar and bundle registries they share with the push stream,
 * metrics, the HTTP server with health, readiness and metrics, and the HTTPS server of the
 * admission webhooks. {@link #start} returns once the controllers run (or, with leader election,
 * once this replica campaigns); {@link #close} stops gracefully: readiness fails first, running
 * reconciliations finish, then the server stops.
 */
public final class DbwardenOperator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DbwardenOperator.class);

  /**
   * How often a replica that is not the leader compiles bundles from its caches: the delay with
   * which its sidecars see a policy change.
   */
  static final Duration FOLLOWER_COMPILE_INTERVAL = Duration.ofSeconds(2);

  private final OperatorConfig config;
  private final KubernetesClient client;
  private final Clock clock;
  private final SidecarRegistry sidecars;
  private final BundleRegistry bundles = new BundleRegistry();
  private final AccessGrants accessGrants;
  private final PrometheusMeterRegistry metrics =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final HttpServer http;
  private final WebhookServer webhooks;
  private final ScheduledExecutorService background =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "dbwarden-background");
            thread.setDaemon(true);
            return thread;
          });
  private Operator operator;
  private StreamServer stream;
  private LeaderRelay relay;
  private volatile boolean leading;
  private volatile boolean stopping;

  public DbwardenOperator(OperatorConfig config, KubernetesClient client, Clock clock) {
    this.config = Objects.requireNonNull(config, "config must not be null");
    this.client = Objects.requireNonNull(client, "client must not be null");
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
    this.sidecars = new SidecarRegistry(clock);
    this.accessGrants = new AccessGrants(client, clock);
    this.http = new HttpServer(config.httpHost(), config.httpPort());
    this.webhooks = config.webhook() == null ? null : webhooks(config, client, clock);
  }

  private static WebhookServer webhooks(
      OperatorConfig config, KubernetesClient client, Clock clock) {
    WebhookConfig webhook = config.webhook();
    return new WebhookServer(
            client, config.httpHost(), webhook.port(), webhook.certificates(), clock)
        .route(PodInjector.PATH, new PodInjector(webhook.sidecar()))
        .route(GrantDecisions.PATH, new GrantDecisions(client, clock));
  }

  /**
   * Starts the HTTP server, the webhooks (whose certificate is created first if needed), then the
   * controllers.
   */
  public synchronized void start() throws InterruptedException {
    if (operator != null) {
      throw new IllegalStateException("the operator is already started");
    }
    new ClassLoaderMetrics().bindTo(metrics);
    new JvmMemoryMetrics().bindTo(metrics);
    new JvmGcMetrics().bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    new ProcessorMetrics().bindTo(metrics);
    new UptimeMetrics().bindTo(metrics);
    OperatorRoutes.install(http, this::liveness, this::readiness, metrics);
    http.start();
    if (webhooks != null) {
      webhooks.start();
    }

    DatabasePolicyReconciler policies =
        new DatabasePolicyReconciler(bundles, sidecars, clock, config.podSelector());
    SslContext tls = streamTls();
    // Replicas relay to the leader when they can find it: its Lease identity is its stream address.
    relay =
        config.leaderElection() && config.replicaHost() != null
            ? new LeaderRelay(tls != null, config.replicaTokenFile(), sidecars)
            : null;
    // The stream is bound first: with relaying, its address is this replica's identity.
    stream =
        new StreamServer(
            config.httpHost(),
            config.streamPort(),
            tls,
            client,
            policies::sidecarPod,
            bundles,
            sidecars,
            relay == null ? ReportRelay.NONE : relay,
            new GrantDesk(
                client,
                config.namespaces(),
                new GrantRequests(client, clock),
                accessGrants,
                bundles));
    stream.start();
    StreamServer streams = stream;
    Gauge.builder("dbwarden.sidecars.connected", () -> streams.connected())
        .description("Sidecars with a push stream open to this replica")
        .register(metrics);
    String identity = relay == null ? null : config.replicaHost() + ":" + stream.port();
    if (relay != null) {
      relay.identify(identity);
    }
    operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withMetrics(
                      MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(metrics)
                          .build())
                  // Status is written with StatusWriter, never by JOSDK; this keeps JOSDK from
                  // using server-side apply anywhere, which the mock server cannot serve.
                  .withUseSSAToPatchPrimaryResource(false)
                  .withCloseClientOnStop(false)
                  .withReconciliationTerminationTimeout(config.shutdownTimeout());
              if (config.leaderElection()) {
                o.withLeaderElectionConfiguration(leaderElection(identity));
              } else {
                leading = true;
              }
            });
    operator.register(policies, c -> c.settingNamespaces(config.namespaces()));
    operator.register(
        new AccessGrantReconciler(clock, accessGrants),
        c -> c.settingNamespaces(config.namespaces()));
    operator.start();
    // Audit counts reach status in batches: at most one write per policy and interval for them.
    long flush = config.auditFlushInterval().toMillis();
    background.scheduleWithFixedDelay(
        () -> safely("flushing audit counts", sidecars::flushAudit),
        flush,
        flush,
        TimeUnit.MILLISECONDS);
    // Reconcilers run on the leader only; the other replicas serve their sidecars too.
    background.scheduleWithFixedDelay(
        () -> safely("compiling bundles from the caches", () -> followBundles(policies)),
        FOLLOWER_COMPILE_INTERVAL.toMillis(),
        FOLLOWER_COMPILE_INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
    LOG.info(
        "operator started: namespaces {}, sidecar pods {}, leader election {}, HTTP port {},"
            + " stream port {}",
        config.namespaces().isEmpty() ? "all" : config.namespaces(),
        config.podSelector(),
        config.leaderElection() ? "on Lease " + config.leaseName() : "off",
        http.port(),
        stream.port());
  }

  /** The registry the push stream feeds with sidecar reports. */
  public SidecarRegistry sidecars() {
    return sidecars;
  }

  /** The bundles the push stream sends. */
  public BundleRegistry bundles() {
    return bundles;
  }

  /** Grant operations for sidecars. */
  public AccessGrants accessGrants() {
    return accessGrants;
  }

  /** The port of the sidecars' push stream. */
  public int streamPort() {
    return stream.port();
  }

  private LeaderElectionConfiguration leaderElection(String identity) {
    LeaderElectionConfigurationBuilder builder =
        LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(config.leaseName())
            .withLeaseNamespace(config.leaseNamespace())
            // JOSDK would end the process whenever leading stops, a graceful close included.
            .withExitOnStopLeading(false)
            .withLeaderCallbacks(
                new LeaderCallbacks(
                    () -> leading = true,
                    this::stoppedLeading,
                    leader -> {
                      if (relay != null) {
                        relay.leaderIs(leader);
                      }
                    }));
    if (identity != null) {
      builder.withIdentity(identity);
    }
    return builder.build();
  }

  /**
   * A leader that lost its Lease ends the process unless it is closing anyway: the Deployment
   * restarts it as a follower, with fresh state, rather than two replicas acting as leader.
   */
  private void stoppedLeading() {
    if (!stopping) {
      LOG.error("lost the leader election Lease; exiting so that a new replica takes over");
      System.exit(1);
    }
  }

  /** The stream's TLS context, or null to serve it in plain text. */
  private SslContext streamTls() {
    if (config.streamTlsCert() == null) {
      return null;
    }
    try {
      return SslContextBuilder.forServer(
              config.streamTlsCert().toFile(), config.streamTlsKey().toFile())
          .build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "cannot read the stream's TLS certificate "
              + config.streamTlsCert()
              + " and key "
              + config.streamTlsKey(),
          e);
    }
  }

  private void followBundles(DatabasePolicyReconciler policies) {
    if (!leading) {
      policies.compileFromCaches();
    }
  }

  private static void safely(String what, Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      // A scheduled task that throws is never run again.
      LOG.warn("{} failed; will try again", what, e);
    }
  }

  /** The port of the HTTP server. */
  public int httpPort() {
    return http.port();
  }

  /** The port of the admission webhooks' HTTPS server. */
  public int webhookPort() {
    if (webhooks == null) {
      throw new IllegalStateException("the webhooks are off");
    }
    return webhooks.port();
  }

  /** Null when the process is healthy, else why not. */
  String liveness() {
    return stopping ? "shutting down" : null;
  }

  /** Null when the operator is ready, else why not. */
  String readiness() {
    if (stopping) {
      return "shutting down";
    }
    Operator current = operator;
    if (current == null || !current.getRuntimeInfo().isStarted()) {
      return "starting";
    }
    if (!current.getRuntimeInfo().allEventSourcesAreHealthy()) {
      return "informers unhealthy: " + current.getRuntimeInfo().unhealthyEventSources().keySet();
    }
    return null;
  }

  @Override
  public synchronized void close() {
    stopping = true;
    background.shutdownNow();
    if (relay != null) {
      relay.close();
      relay = null;
    }
    if (stream != null) {
      stream.close();
      stream = null;
    }
    if (operator != null) {
      LOG.info("stopping: waiting up to {} for running reconciliations", config.shutdownTimeout());
      operator.stop();
      operator = null;
    }
    if (webhooks != null) {
      webhooks.close();
    }
    http.close();
    metrics.close();
    LOG.info("operator stopped");
  }
}
