package io.dbwarden.sidecar.cli;

import io.dbwarden.api.policy.AuditMode;
import io.dbwarden.sidecar.approval.ApprovalGate;
import io.dbwarden.sidecar.approval.LocalGrantStore;
import io.dbwarden.sidecar.audit.AuditGuard;
import io.dbwarden.sidecar.audit.AuditSink;
import io.dbwarden.sidecar.catalog.UpstreamCatalogs;
import io.dbwarden.sidecar.config.AuthenticationConfig;
import io.dbwarden.sidecar.config.ProxyConfig;
import io.dbwarden.sidecar.config.UpstreamConfig;
import io.dbwarden.sidecar.demo.DemoPolicy;
import io.dbwarden.sidecar.demo.EmbeddedPostgres;
import io.dbwarden.sidecar.demo.SampleSchema;
import io.dbwarden.sidecar.identity.PasswordHasher;
import io.dbwarden.sidecar.identity.UsersFile;
import io.dbwarden.sidecar.policy.CompiledPolicy;
import io.dbwarden.sidecar.policy.PolicyCompiler;
import io.dbwarden.sidecar.policy.PolicyEngine;
import io.dbwarden.sidecar.policy.PolicySet;
import io.dbwarden.sidecar.policy.StatementDecider;
import io.dbwarden.sidecar.policy.file.PolicyFiles;
import io.dbwarden.sidecar.proxy.ProxyServer;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dbwarden demo}: a real PostgreSQL with the sample shop database, and the proxy in front of
 * it, ready for psql.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Start an embedded PostgreSQL with sample data and the proxy in front of it.")
final class DemoCommand implements Callable<Integer> {

  /** The demo's people: name, password, groups. */
  private static final String[][] USERS = {
    {"alice", "alice-demo", "analysts"},
    {"bob", "bob-demo", "dba"},
  };

  @Option(
      names = "--listen",
      defaultValue = "127.0.0.1:6432",
      description = "Proxy address (default: ${DEFAULT-VALUE}).")
  InetSocketAddress listen;

  @Option(
      names = "--db-port",
      defaultValue = "0",
      description = "Port of the embedded PostgreSQL; 0 picks a free one (default).")
  int dbPort;

  @Option(
      names = "--policy",
      description = "DatabasePolicy YAML file to enforce instead of the built-in demo policy.")
  Path policy;

  @Option(
      names = "--no-policy",
      description = "Allow every statement (pass-through), e.g. to benchmark the bare proxy.")
  boolean noPolicy;

  @Option(
      names = "--passthrough-listen",
      description =
          "Also start a proxy without a policy on this address, in front of the same database"
              + " (benchmarks compare the two).")
  InetSocketAddress passthroughListen;

  @Option(
      names = "--unaudited-listen",
      description =
          "Also start a proxy without a policy and without audit on this address (benchmarks"
              + " compare it with the pass-through proxy to measure what auditing costs).")
  InetSocketAddress unauditedListen;

  @Option(names = "--print-policy", description = "Print the built-in demo policy and exit.")
  boolean printPolicy;

  @Mixin AuditOptions audit = new AuditOptions();

  @Option(
      names = "--no-audit",
      description = "Record nothing (to measure what auditing costs; never in production).")
  boolean noAudit;

  @Option(
      names = "--admin-listen",
      paramLabel = "HOST:PORT",
      defaultValue = "127.0.0.1:9187",
      description =
          "Serve /metrics, /healthz and /readyz here; off to serve nothing (default:"
              + " ${DEFAULT-VALUE}).")
  String adminListen;

  @Mixin AdminTokenOption adminToken = new AdminTokenOption();

  @Spec CommandSpec spec;

  /** Takes every event and keeps none. */
  private static final class DiscardingSink implements AuditSink {
    @Override
    public boolean record(io.dbwarden.api.audit.AuditEvent event) {
      return true;
    }

    @Override
    public void close() {}
  }

  @Override
  public Integer call() throws Exception {
    if (printPolicy) {
      System.out.print(DemoPolicy.text());
      return 0;
    }
    CompiledPolicy compiled = compiledPolicy();
    PrintStream console = System.err;
    console.println("Starting PostgreSQL with the sample shop database...");
    String superuserPassword = randomSecret();
    String appPassword = randomSecret();
    try (EmbeddedPostgres postgres =
        EmbeddedPostgres.builder().port(dbPort).superuserPassword(superuserPassword).start()) {
      SampleSchema.load(postgres, appPassword);
      Path users = writeUsersFile();
      ProxyConfig config =
          new ProxyConfig(
              new InetSocketAddress(listen.getHostString(), listen.getPort()),
              new UpstreamConfig(
                  postgres.address(),
                  UpstreamConfig.TlsMode.DISABLE,
                  null,
                  new UpstreamConfig.Credentials(SampleSchema.APP_ROLE, appPassword)),
              null,
              new AuthenticationConfig(UsersFile.load(users), null, null),
              ProxyConfig.Limits.defaults());
      LocalGrantStore grants = new LocalGrantStore(Clock.systemUTC());
      try (PolicyEngine engine =
              compiled == null
                  ? null
                  : new PolicyEngine(
                      PolicySet.of(compiled),
                      UpstreamCatalogs.forUpstream(config.upstream()),
                      Duration.ofSeconds(2),
                      ApprovalGate.local(grants));
          AuditSink sink = noAudit ? new DiscardingSink() : audit.open(spec.commandLine());
          Operations operations =
              new Operations(
                  new AuditGuard(sink, audit.mode(spec.commandLine())), postgres.address());
          ProxyServer proxy =
              ProxyServer.start(
                  config,
                  engine == null ? StatementDecider.ALLOW_ALL : engine.decider(),
                  operations.guard(),
                  operations.metrics());
          ProxyServer bare =
              passthroughListen == null
                  ? null
                  : ProxyServer.start(
                      config.withListen(
                          new InetSocketAddress(
                              passthroughListen.getHostString(), passthroughListen.getPort())),
                      StatementDecider.ALLOW_ALL,
                      operations.guard(),
                      operations.metrics());
          ProxyServer unaudited =
              unauditedListen == null
                  ? null
                  : ProxyServer.start(
                      config.withListen(
                          new InetSocketAddress(
                              unauditedListen.getHostString(), unauditedListen.getPort())),
                      StatementDecider.ALLOW_ALL,
                      new AuditGuard(new DiscardingSink(), AuditMode.BEST_EFFORT),
                      // The same metrics as the audited proxies: the difference is the audit.
                      operations.metrics())) {
        if (compiled == null) {
          operations.passThrough();
        } else {
          operations.policyLoaded(
              PolicySet.of(compiled), policy == null ? "built-in demo policy" : "" + policy);
        }
        if (engine != null) {
          operations.serveCatalog(engine.catalogs(), SampleSchema.DATABASE);
          operations.serveApprovals(grants, adminToken.file(), () -> engine.decider().policies());
        }
        InetSocketAddress admin = operations.startAdmin(adminListen);
        banner(console, proxy.address(), postgres, superuserPassword);
        if (admin != null) {
          console.println(
              "Metrics and health:    http://"
                  + admin.getAddress().getHostAddress()
                  + ":"
                  + admin.getPort()
                  + "/metrics  /healthz  /readyz  /catalog  /approvals");
          console.println(
              "Approvals: as bob, UPDATE customers SET city = 'Lyon' WHERE id = 42 waits for another DBA;"
                  + " approve it with: java -jar sidecar/target/dbwarden-sidecar.jar approvals"
                  + " approve NAME --as User:carol --group dba");
        }
        if (bare != null) {
          console.println(
              "Pass-through proxy (no policy): "
                  + bare.address().getAddress().getHostAddress()
                  + ":"
                  + bare.address().getPort());
        }
        if (unaudited != null) {
          console.println(
              "Unaudited pass-through proxy (no policy, no audit): "
                  + unaudited.address().getAddress().getHostAddress()
                  + ":"
                  + unaudited.address().getPort());
        }
        console.println(
            noAudit
                ? "Audit: off (--no-audit)."
                : "Audit: "
                    + audit.describe()
                    + " ("
                    + (operations.guard().strict() ? "strict" : "best-effort")
                    + ").");
        console.println(
            compiled == null
                ? "Policy: none, every statement is allowed (--no-policy)."
                : "Policy: "
                    + compiled.name()
                    + " (version "
                    + compiled.version()
                    + "); print the built-in one with 'demo --print-policy'.");
        console.println("Ctrl-C stops.");
        RunCommand.awaitShutdownSignal();
        console.println("Stopping the proxy and PostgreSQL...");
      } finally {
        Files.deleteIfExists(users);
      }
    }
    return 0;
  }

  private CompiledPolicy compiledPolicy() throws java.io.IOException {
    if (noPolicy) {
      return null;
    }
    return policy == null
        ? DemoPolicy.compiled()
        : PolicyCompiler.compile(PolicyFiles.load(policy).policy());
  }

  private static Path writeUsersFile() throws java.io.IOException {
    StringBuilder yaml = new StringBuilder("users:\n");
    for (String[] user : USERS) {
      yaml.append("  - name: ")
          .append(user[0])
          .append("\n    password: \"")
          .append(PasswordHasher.hash(user[1]))
          .append("\"\n    groups: [")
          .append(user[2])
          .append("]\n");
    }
    Path file = Files.createTempFile("dbwarden-demo-users", ".yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private static void banner(
      PrintStream console, InetSocketAddress proxy, EmbeddedPostgres postgres, String password) {
    String host = proxy.getAddress().getHostAddress();
    console.println();
    console.println("dbwarden demo is running.");
    console.println(
        "  PostgreSQL (embedded): "
            + postgres.host()
            + ":"
            + postgres.port()
            + "  (the proxy logs in as role '"
            + SampleSchema.APP_ROLE
            + "'; clients never see its password)");
    console.println("  dbwarden proxy:        " + host + ":" + proxy.getPort());
    console.println();
    console.println("Connect through dbwarden:");
    for (String[] user : USERS) {
      console.println(
          "  psql \"postgresql://"
              + user[0]
              + ":"
              + user[1]
              + "@"
              + host
              + ":"
              + proxy.getPort()
              + "/"
              + SampleSchema.DATABASE
              + "\"      # groups: "
              + user[2]);
    }
    console.println();
    console.println("Direct to PostgreSQL, bypassing dbwarden (for comparison and benchmarks):");
    console.println(
        "  psql \"postgresql://"
            + postgres.superuser()
            + ":"
            + password
            + "@"
            + postgres.host()
            + ":"
            + postgres.port()
            + "/"
            + SampleSchema.DATABASE
            + "\"");
    console.println();
  }

  private static String randomSecret() {
    byte[] bytes = new byte[12];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
