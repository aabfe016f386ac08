package io.dbwarden.sidecar.testing;

import io.dbwarden.api.policy.AuditMode;
import io.dbwarden.sidecar.approval.ApprovalGate;
import io.dbwarden.sidecar.audit.AuditGuard;
import io.dbwarden.sidecar.audit.AuditSink;
import io.dbwarden.sidecar.catalog.UpstreamCatalogs;
import io.dbwarden.sidecar.config.AuthenticationConfig;
import io.dbwarden.sidecar.config.ProxyConfig;
import io.dbwarden.sidecar.config.UpstreamConfig;
import io.dbwarden.sidecar.demo.EmbeddedPostgres;
import io.dbwarden.sidecar.demo.SampleSchema;
import io.dbwarden.sidecar.identity.Identity;
import io.dbwarden.sidecar.identity.JwtAuthenticator;
import io.dbwarden.sidecar.identity.PasswordHasher;
import io.dbwarden.sidecar.identity.UsersFile;
import io.dbwarden.sidecar.metrics.ProxyMetrics;
import io.dbwarden.sidecar.policy.CompiledPolicy;
import io.dbwarden.sidecar.policy.PolicyEngine;
import io.dbwarden.sidecar.policy.PolicySet;
import io.dbwarden.sidecar.policy.StatementDecider;
import io.dbwarden.sidecar.proxy.ProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * A proxy in front of the test PostgreSQL, with two static users and an in-memory audit sink. Each
 * test class starts its own (cheap); the database is shared.
 */
public final class ProxyFixture implements AutoCloseable {

  public static final String ALICE = "alice";
  public static final String ALICE_PASSWORD = "alice-secret";
  public static final String BOB = "bob";
  public static final String BOB_PASSWORD = "bob-secret";

  private final ProxyServer server;
  private final RecordingAuditSink audit;
  private final AuditGuard guard;
  private final EmbeddedPostgres postgres;
  private final PolicyEngine engine;

  private ProxyFixture(
      ProxyServer server,
      RecordingAuditSink audit,
      AuditGuard guard,
      EmbeddedPostgres postgres,
      PolicyEngine engine) {
    this.server = server;
    this.audit = audit;
    this.guard = guard;
    this.postgres = postgres;
    this.engine = engine;
  }

  /** The audit sink in use and its mode. */
  public AuditGuard guard() {
    return guard;
  }

  /** The policy engine, when the proxy was started with a policy. */
  public PolicyEngine engine() {
    return engine;
  }

  public static Builder builder(EmbeddedPostgres postgres) {
    return new Builder(postgres);
  }

  /** Options of the proxy under test. */
  public static final class Builder {
    private final EmbeddedPostgres postgres;
    private StatementDecider decider = StatementDecider.ALLOW_ALL;
    private ProxyConfig.Limits limits = ProxyConfig.Limits.defaults();
    private ProxyConfig.ClientTlsConfig clientTls;
    private JwtAuthenticator jwt;
    private Identity workload;
    private boolean users = true;
    private UpstreamConfig.Credentials credentials =
        new UpstreamConfig.Credentials(SampleSchema.APP_ROLE, PostgresExtension.APP_PASSWORD);
    private UpstreamConfig.TlsMode upstreamTls = UpstreamConfig.TlsMode.DISABLE;
    private Path upstreamCa;
    private CompiledPolicy policy;
    private UnaryOperator<StatementDecider> wrap = UnaryOperator.identity();
    private AuditSink sink;
    private AuditMode auditMode = AuditMode.STRICT;
    private ProxyMetrics metrics = ProxyMetrics.none();
    private AuditGuard guard;
    private ApprovalGate approvals = ApprovalGate.UNAVAILABLE;

    private Builder(EmbeddedPostgres postgres) {
      this.postgres = postgres;
    }

    /** Judges statements under a policy, with the catalog read through the proxy's own login. */
    public Builder policy(CompiledPolicy compiled) {
      this.policy = compiled;
      return this;
    }

    /** Takes statements held for approval to this gate. */
    public Builder approvals(ApprovalGate gate) {
      this.approvals = gate;
      return this;
    }

    public Builder decider(StatementDecider decider) {
      this.decider = decider;
      return this;
    }

    /** Puts something around the decision step (e.g. masking in tests of the audit record). */
    public Builder wrapDecider(UnaryOperator<StatementDecider> wrapper) {
      this.wrap = wrapper;
      return this;
    }

    /** Records audit events in this sink, in this mode, instead of in memory. */
    public Builder audit(AuditSink auditSink, AuditMode mode) {
      this.sink = auditSink;
      this.auditMode = mode;
      return this;
    }

    /** Records audit events through this guard (its sink and mode). */
    public Builder guard(AuditGuard auditGuard) {
      this.guard = auditGuard;
      return this;
    }

    public Builder metrics(ProxyMetrics proxyMetrics) {
      this.metrics = proxyMetrics;
      return this;
    }

    public Builder limits(ProxyConfig.Limits limits) {
      this.limits = limits;
      return this;
    }

    public Builder clientTls(TestCertificates certificates, boolean allowPlaintext) {
      this.clientTls =
          new ProxyConfig.ClientTlsConfig(
              certificates.certificate(), certificates.privateKey(), allowPlaintext);
      return this;
    }

    public Builder jwt(JwtAuthenticator jwt) {
      this.jwt = jwt;
      return this;
    }

    public Builder workload(Identity workload) {
      this.workload = workload;
      this.users = false;
      return this;
    }

    public Builder withoutUsers() {
      this.users = false;
      return this;
    }

    /** The proxy relays each client's own database login. */
    public Builder passthrough() {
      this.credentials = null;
      this.users = false;
      return this;
    }

    public Builder upstreamCredentials(String user, String password) {
      this.credentials = new UpstreamConfig.Credentials(user, password);
      return this;
    }

    public Builder upstreamTls(UpstreamConfig.TlsMode mode, Path ca) {
      this.upstreamTls = mode;
      this.upstreamCa = ca;
      return this;
    }

    public ProxyFixture start() {
      RecordingAuditSink audit;
      AuditGuard guard = this.guard;
      if (guard != null) {
        audit = guard.sink() instanceof RecordingAuditSink r ? r : null;
      } else {
        audit = sink == null ? new RecordingAuditSink() : null;
        guard = new AuditGuard(sink == null ? audit : sink, auditMode);
      }
      if (policy != null) {
        guard.policyMode(policy.auditMode());
      }
      UpstreamConfig upstream =
          new UpstreamConfig(postgres.address(), upstreamTls, upstreamCa, credentials);
      ProxyConfig config =
          new ProxyConfig(
              new InetSocketAddress("127.0.0.1", 0),
              upstream,
              clientTls,
              new AuthenticationConfig(users ? usersFile() : null, jwt, workload),
              limits);
      PolicyEngine engine =
          policy == null
              ? null
              : new PolicyEngine(
                  PolicySet.of(policy),
                  UpstreamCatalogs.forUpstream(upstream),
                  Duration.ofSeconds(5),
                  approvals);
      StatementDecider chosen = wrap.apply(engine == null ? decider : engine.decider());
      return new ProxyFixture(
          ProxyServer.start(config, chosen, guard, metrics), audit, guard, postgres, engine);
    }
  }

  private static UsersFile usersFile() {
    try {
      Path file = Files.createTempFile("dbwarden-test-users", ".yaml");
      Files.writeString(
          file,
          "users:\n"
              + "  - name: "
              + ALICE
              + "\n    password: \""
              + PasswordHasher.hash(ALICE_PASSWORD)
              + "\"\n    groups: [analysts]\n"
              + "  - name: "
              + BOB
              + "\n    password: \""
              + PasswordHasher.hash(BOB_PASSWORD)
              + "\"\n    groups: [dba]\n");
      UsersFile users = UsersFile.load(file);
      Files.delete(file);
      return users;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public ProxyServer server() {
    return server;
  }

  public RecordingAuditSink audit() {
    return audit;
  }

  public EmbeddedPostgres postgres() {
    return postgres;
  }

  public InetSocketAddress address() {
    return server.address();
  }

  public int port() {
    return server.address().getPort();
  }

  /** A pgjdbc URL for the shop database through the proxy; extra parameters are appended. */
  public String jdbcUrl(String parameters) {
    return "jdbc:postgresql://127.0.0.1:"
        + port()
        + "/"
        + SampleSchema.DATABASE
        + "?sslmode=disable"
        + (parameters.isEmpty() ? "" : "&" + parameters);
  }

  /** Alice's connection through the proxy. */
  public Connection connect() throws SQLException {
    return connect(ALICE, ALICE_PASSWORD, "");
  }

  public Connection connect(String user, String password, String parameters) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    return DriverManager.getConnection(jdbcUrl(parameters), properties);
  }

  @Override
  public void close() {
    server.close();
    if (engine != null) {
      engine.close();
    }
  }
}
