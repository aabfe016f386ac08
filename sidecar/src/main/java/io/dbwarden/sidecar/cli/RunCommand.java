package io.dbwarden.sidecar.cli;

import io.dbwarden.sidecar.approval.ApprovalGate;
import io.dbwarden.sidecar.approval.LocalGrantStore;
import io.dbwarden.sidecar.approval.OperatorGrantStore;
import io.dbwarden.sidecar.audit.AuditEvents;
import io.dbwarden.sidecar.audit.AuditGuard;
import io.dbwarden.sidecar.audit.AuditSink;
import io.dbwarden.sidecar.catalog.UpstreamCatalogs;
import io.dbwarden.sidecar.config.AuthenticationConfig;
import io.dbwarden.sidecar.config.ProxyConfig;
import io.dbwarden.sidecar.config.UpstreamConfig;
import io.dbwarden.sidecar.identity.Identity;
import io.dbwarden.sidecar.identity.JwtAuthenticator;
import io.dbwarden.sidecar.identity.JwtSettings;
import io.dbwarden.sidecar.identity.UsersFile;
import io.dbwarden.sidecar.policy.CompiledPolicy;
import io.dbwarden.sidecar.policy.PolicyCompiler;
import io.dbwarden.sidecar.policy.PolicyEngine;
import io.dbwarden.sidecar.policy.PolicySet;
import io.dbwarden.sidecar.policy.StatementDecider;
import io.dbwarden.sidecar.policy.file.LoadedPolicy;
import io.dbwarden.sidecar.policy.file.PolicyFileWatcher;
import io.dbwarden.sidecar.policy.file.PolicyFiles;
import io.dbwarden.sidecar.proxy.ProxyServer;
import io.dbwarden.sidecar.push.Backoff;
import io.dbwarden.sidecar.push.BundleStore;
import io.dbwarden.sidecar.push.OperatorClient;
import io.dbwarden.sidecar.push.PolicyEvents;
import io.dbwarden.sidecar.push.PushSettings;
import io.dbwarden.sidecar.push.PushedPolicy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code dbwarden run}: the proxy in front of a PostgreSQL server. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run the proxy in front of a PostgreSQL server.")
final class RunCommand implements Callable<Integer> {

  private static final System.Logger LOG = System.getLogger(RunCommand.class.getName());

  @Spec CommandSpec spec;

  @Option(
      names = "--listen",
      defaultValue = "0.0.0.0:6432",
      description = "Address clients connect to (default: ${DEFAULT-VALUE}).")
  InetSocketAddress listen;

  @Option(names = "--upstream", required = true, description = "The database, host:port.")
  InetSocketAddress upstream;

  @Option(
      names = "--upstream-user",
      description =
          "Database role the proxy logs in as. Without it, clients' own logins are"
              + " relayed (passthrough).")
  String upstreamUser;

  @Option(
      names = "--upstream-password-file",
      description =
          "File holding the proxy's database password (or set" + " DBWARDEN_UPSTREAM_PASSWORD).")
  Path upstreamPasswordFile;

  @Option(
      names = "--upstream-tls",
      defaultValue = "disable",
      description =
          "TLS to the database: disable, require, verify-full (default: ${DEFAULT-VALUE}).")
  String upstreamTls;

  @Option(names = "--upstream-ca", description = "PEM CA bundle for --upstream-tls verify-full.")
  Path upstreamCa;

  @Option(names = "--tls-cert", description = "PEM certificate chain offered to clients.")
  Path tlsCert;

  @Option(names = "--tls-key", description = "PEM private key (PKCS#8) for --tls-cert.")
  Path tlsKey;

  @Option(
      names = "--allow-plaintext",
      description = "With --tls-cert, also accept clients that do not use TLS.")
  boolean allowPlaintext;

  @Option(names = "--users", description = "Static users file (YAML, SCRAM-SHA-256 verifiers).")
  Path users;

  @ArgGroup(exclusive = false, heading = "Token authentication (JWT as the password, over TLS)%n")
  JwtOptions jwt;

  @Option(
      names = "--workload-identity",
      description = "Sidecar mode: every connection is this service account (namespace/name).")
  String workloadIdentity;

  @Option(
      names = "--policy",
      description =
          "DatabasePolicy YAML file (the document you would kubectl apply). Reloaded when it"
              + " changes; an invalid edit keeps the last good policy. Without it every statement"
              + " is allowed (pass-through), unless --operator-url is given.")
  Path policy;

  @ArgGroup(exclusive = false, heading = "Policies pushed by the operator (sidecar mode)%n")
  OperatorOptions operator;

  @Option(
      names = "--analysis-timeout",
      defaultValue = "2s",
      description =
          "How long parsing one new statement shape may take before it is refused"
              + " (default: ${DEFAULT-VALUE}).")
  Duration analysisTimeout;

  @Mixin AuditOptions audit = new AuditOptions();

  @Option(
      names = "--admin-listen",
      paramLabel = "HOST:PORT",
      defaultValue = "127.0.0.1:9187",
      description =
          "Serve /metrics, /healthz and /readyz over HTTP here; off to serve nothing"
              + " (default: ${DEFAULT-VALUE}).")
  String adminListen;

  @Option(
      names = "--max-connections",
      defaultValue = "1000",
      description = "Default: ${DEFAULT-VALUE}.")
  int maxConnections;

  @Option(
      names = "--startup-timeout",
      defaultValue = "10s",
      description = "Default: ${DEFAULT-VALUE}.")
  Duration startupTimeout;

  @Option(
      names = "--idle-timeout",
      defaultValue = "0s",
      description = "Close connections idle this long; 0s never (default: ${DEFAULT-VALUE}).")
  Duration idleTimeout;

  @Option(
      names = "--max-message-size",
      defaultValue = "67108864",
      description = "Largest client message in bytes (default: ${DEFAULT-VALUE}).")
  int maxMessageSize;

  @Option(
      names = "--shutdown-grace",
      defaultValue = "30s",
      description = "Default: ${DEFAULT-VALUE}.")
  Duration shutdownGrace;

  @Mixin AdminTokenOption adminToken = new AdminTokenOption();

  /** Options of token authentication. */
  static final class JwtOptions {
    @Option(names = "--jwks", required = true, description = "JWKS file path or https URL.")
    String jwks;

    @Option(names = "--jwt-audience", required = true, description = "Required audience.")
    String audience;

    @Option(names = "--jwt-issuer", description = "Required issuer.")
    String issuer;

    @Option(
        names = "--jwt-groups-claim",
        defaultValue = "groups",
        description = "Claim holding the groups (default: ${DEFAULT-VALUE}).")
    String groupsClaim;
  }

  /** Options of the push stream from the operator. */
  static final class OperatorOptions {
    @Option(
        names = "--operator-url",
        required = true,
        description =
            "The operator's push stream, ws:// or wss://HOST:PORT/v1/sidecars/stream. Policies"
                + " come from it; until the first arrives every statement is refused.")
    URI url;

    @Option(
        names = "--token-file",
        defaultValue = "/var/run/secrets/dbwarden/token",
        description =
            "Projected service-account token with audience dbwarden, read on every connection"
                + " (default: ${DEFAULT-VALUE}).")
    Path tokenFile;

    @Option(
        names = "--pod",
        defaultValue = "${env:POD_NAMESPACE:-}/${env:POD_NAME:-}",
        description =
            "This pod, namespace/name (default: POD_NAMESPACE/POD_NAME from the downward API).")
    String pod;

    @Option(
        names = "--bundle-dir",
        defaultValue = "/var/lib/dbwarden",
        description =
            "Where the last good bundle is kept, enforced at startup while the operator is"
                + " unreachable (default: ${DEFAULT-VALUE}).")
    Path bundleDir;

    @Option(names = "--operator-ca", description = "PEM CA bundle to trust for wss://.")
    Path ca;

    @Option(
        names = "--audit-summary-interval",
        defaultValue = "10s",
        description =
            "How often audit counts are sent to the operator (default: ${DEFAULT-VALUE}).")
    Duration auditInterval;

    PushSettings settings() {
      return new PushSettings(
          url,
          tokenFile,
          pod,
          ca,
          auditInterval,
          new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30)));
    }
  }

  @Override
  public Integer call() throws Exception {
    ProxyConfig config = config();
    if (policy != null && operator != null) {
      throw new ParameterException(
          spec.commandLine(), "--policy and --operator-url exclude each other: choose one source");
    }
    try (AuditSink sink = audit.open(spec.commandLine());
        Operations operations =
            new Operations(new AuditGuard(sink, audit.mode(spec.commandLine())), upstream)) {
      if (operator != null) {
        return runPushed(config, operations);
      }
      if (policy == null) {
        LOG.log(
            System.Logger.Level.WARNING,
            "no --policy given: every statement is allowed and recorded (pass-through)");
        operations.passThrough();
        try (ProxyServer server =
            ProxyServer.start(
                config, StatementDecider.ALLOW_ALL, operations.guard(), operations.metrics())) {
          startAdmin(operations);
          awaitShutdownSignal();
          return 0;
        }
      }
      LoadedPolicy initial = PolicyFiles.load(policy);
      CompiledPolicy compiled = PolicyCompiler.compile(initial.policy());
      operations.policyLoaded(PolicySet.of(compiled), initial.source().toString());
      LocalGrantStore grants = new LocalGrantStore(Clock.systemUTC());
      try (PolicyEngine engine =
              new PolicyEngine(
                  PolicySet.of(compiled),
                  UpstreamCatalogs.forUpstream(config.upstream()),
                  analysisTimeout,
                  ApprovalGate.local(grants));
          PolicyFileWatcher watcher = watch(engine, operations);
          ProxyServer server =
              ProxyServer.start(
                  config, engine.decider(), operations.guard(), operations.metrics())) {
        LOG.log(
            System.Logger.Level.INFO,
            "policy {0} version {1} loaded from {2}; audit to {3} ({4})",
            compiled.name(),
            initial.version(),
            policy,
            audit.describe(),
            operations.guard().strict() ? "strict" : "best-effort");
        if (operations.guard().configuredMode() != compiled.auditMode()
            && compiled.auditMode() == io.dbwarden.api.policy.AuditMode.STRICT) {
          LOG.log(
              System.Logger.Level.WARNING,
              "--audit-mode best-effort is overridden: policy {0} asks for strict audit",
              compiled.name());
        }
        operations.serveCatalog(engine.catalogs(), null);
        operations.serveApprovals(grants, adminToken.file(), () -> engine.decider().policies());
        startAdmin(operations);
        awaitShutdownSignal();
        return 0;
      }
    }
  }

  /** Sidecar mode: the policy comes from the operator's stream. */
  private int runPushed(ProxyConfig config, Operations operations) throws Exception {
    PushSettings settings;
    try {
      settings = operator.settings();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    OperatorGrantStore grants = new OperatorGrantStore(Clock.systemUTC());
    ApprovalGate approvals = ApprovalGate.kubernetes(grants, settings.namespace());
    try (PushedPolicy pushed =
            new PushedPolicy(
                new BundleStore(operator.bundleDir),
                policies ->
                    new PolicyEngine(
                        policies,
                        UpstreamCatalogs.forUpstream(config.upstream()),
                        analysisTimeout,
                        approvals),
                events(operations));
        OperatorClient client =
            new OperatorClient(settings, pushed, grants, operations.metrics()::totals);
        ProxyServer server =
            ProxyServer.start(config, pushed.decider(), operations.guard(), operations.metrics())) {
      pushed.loadSaved();
      grants.onDecision(
          grant ->
              operations
                  .guard()
                  .sink()
                  .record(AuditEvents.approvalDecided(grant, pushed.version().orElse(null))));
      client.start();
      operations.operatorStream(
          () ->
              client.connected()
                  ? "connected to " + settings.operator()
                  : "reconnecting to " + settings.operator() + "; the policy in force stays");
      LOG.log(
          System.Logger.Level.INFO,
          "policies from the operator at {0} for pod {1}; audit to {2}",
          settings.operator(),
          settings.pod(),
          audit.describe());
      startAdmin(operations);
      awaitShutdownSignal();
      return 0;
    }
  }

  private static PolicyEvents events(Operations operations) {
    return new PolicyEvents() {
      @Override
      public void loaded(PolicySet policies, String source) {
        operations.policyLoaded(policies, source);
      }

      @Override
      public void rejected(String source, List<String> problems) {
        operations.policyRejected(null, source, problems);
      }

      @Override
      public void cleared(String source) {
        operations.policyCleared(source);
      }
    };
  }

  private void startAdmin(Operations operations) {
    InetSocketAddress bound = operations.startAdmin(adminListen);
    if (bound != null) {
      LOG.log(
          System.Logger.Level.INFO,
          "admin endpoints: http://{0}:{1,number,#}/metrics, /healthz, /readyz",
          bound.getAddress().getHostAddress(),
          bound.getPort());
    }
  }

  /** The watcher logs loads and rejections itself; here they take effect and are audited. */
  private PolicyFileWatcher watch(PolicyEngine engine, Operations operations) throws IOException {
    return PolicyFileWatcher.builder(policy)
        .onChange(
            loaded -> {
              PolicySet compiled = PolicySet.of(PolicyCompiler.compile(loaded.policy()));
              engine.decider().policyChanged(compiled);
              operations.policyLoaded(compiled, loaded.source().toString());
            })
        .onRejected(
            rejection ->
                operations.policyRejected(null, rejection.source().toString(), rejection.lines()))
        .start();
  }

  ProxyConfig config() throws IOException {
    UpstreamConfig.Credentials credentials = null;
    if (upstreamUser != null) {
      credentials = new UpstreamConfig.Credentials(upstreamUser, upstreamPassword());
    }
    UpstreamConfig upstreamConfig =
        new UpstreamConfig(upstream, tlsMode(), upstreamCa, credentials);
    ProxyConfig.ClientTlsConfig clientTls = null;
    if (tlsCert != null || tlsKey != null) {
      if (tlsCert == null || tlsKey == null) {
        throw new ParameterException(spec.commandLine(), "--tls-cert and --tls-key go together");
      }
      clientTls = new ProxyConfig.ClientTlsConfig(tlsCert, tlsKey, allowPlaintext);
    }
    AuthenticationConfig authentication =
        new AuthenticationConfig(
            users == null ? null : UsersFile.load(users),
            jwt == null ? null : new JwtAuthenticator(jwtSettings()),
            workload());
    ProxyConfig.Limits limits =
        new ProxyConfig.Limits(
            maxConnections, startupTimeout, idleTimeout, maxMessageSize, shutdownGrace);
    InetSocketAddress bind = new InetSocketAddress(listen.getHostString(), listen.getPort());
    return new ProxyConfig(bind, upstreamConfig, clientTls, authentication, limits);
  }

  private String upstreamPassword() throws IOException {
    if (upstreamPasswordFile != null) {
      return Files.readString(upstreamPasswordFile, StandardCharsets.UTF_8).strip();
    }
    String env = System.getenv("DBWARDEN_UPSTREAM_PASSWORD");
    if (env == null) {
      throw new ParameterException(
          spec.commandLine(),
          "--upstream-user needs --upstream-password-file or DBWARDEN_UPSTREAM_PASSWORD");
    }
    return env;
  }

  private UpstreamConfig.TlsMode tlsMode() {
    try {
      return UpstreamConfig.TlsMode.valueOf(upstreamTls.toUpperCase().replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(),
          "--upstream-tls must be disable, require or verify-full, not '" + upstreamTls + "'");
    }
  }

  private JwtSettings jwtSettings() {
    return new JwtSettings(jwt.jwks, jwt.audience, jwt.issuer, null, jwt.groupsClaim, null);
  }

  private Identity workload() {
    if (workloadIdentity == null) {
      return null;
    }
    if (!workloadIdentity.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-.a-z0-9]*[a-z0-9])?")) {
      throw new ParameterException(
          spec.commandLine(),
          "--workload-identity must be namespace/name, not '" + workloadIdentity + "'");
    }
    return new Identity(
        Identity.Kind.ServiceAccount, workloadIdentity, List.of(), null, Identity.Method.WORKLOAD);
  }

  /** Blocks until SIGINT/SIGTERM; the try-with-resources then shuts down gracefully. */
  static void awaitShutdownSignal() throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    Thread waiter = Thread.currentThread();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stop.countDown();
                  try {
                    waiter.join(60_000);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }));
    stop.await();
  }
}
