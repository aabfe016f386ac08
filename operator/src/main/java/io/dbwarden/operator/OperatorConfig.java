package io.dbwarden.operator;

import io.dbwarden.operator.logging.Logging;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How the operator runs.
 *
 * @param namespaces the namespaces watched; empty for all
 * @param podSelector the label selector of pods that run a dbwarden sidecar
 * @param httpHost the address of the health and metrics endpoints
 * @param httpPort their port, 0 for any free one
 * @param streamPort the port of the sidecars' push stream (on {@code httpHost}), 0 for any free one
 * @param streamTlsCert PEM certificate chain the stream is served with (TLS); null for plain
 * @param streamTlsKey its PKCS#8 private key; null exactly when {@code streamTlsCert} is
 * @param replicaHost the host at which the other replicas reach this one's stream port (its pod
 *     IP); with leader election, replicas relay their sidecars' reports to the leader found there.
 *     Null for no relaying
 * @param replicaTokenFile this replica's projected token (audience {@code dbwarden}) for relaying
 * @param auditFlushInterval how often audit counts from sidecars are written into status, at most
 * @param leaderElection whether replicas elect a leader on a Lease
 * @param leaseName the Lease's name
 * @param leaseNamespace the Lease's namespace; null for the client's namespace
 * @param shutdownTimeout how long a stopping operator waits for running reconciliations
 * @param logFormat the log format
 * @param logLevel the log level
 * @param webhook how the admission webhooks are served; null for not at all
 */
public record OperatorConfig(
    Set<String> namespaces,
    String podSelector,
    String httpHost,
    int httpPort,
    int streamPort,
    Path streamTlsCert,
    Path streamTlsKey,
    String replicaHost,
    Path replicaTokenFile,
    Duration auditFlushInterval,
    boolean leaderElection,
    String leaseName,
    String leaseNamespace,
    Duration shutdownTimeout,
    Logging.Format logFormat,
    String logLevel,
    WebhookConfig webhook) {

  /** The label injected pods carry (ARCHITECTURE.md, "Injection"). */
  public static final String DEFAULT_POD_SELECTOR = "dbwarden.io/inject=true";

  /** Where a pod's projected token with audience {@code dbwarden} is mounted. */
  public static final Path DEFAULT_TOKEN_FILE = Path.of("/var/run/secrets/dbwarden/token");

  public OperatorConfig {
    namespaces = Set.copyOf(Objects.requireNonNull(namespaces, "namespaces must not be null"));
    Objects.requireNonNull(podSelector, "podSelector must not be null");
    Objects.requireNonNull(httpHost, "httpHost must not be null");
    Objects.requireNonNull(leaseName, "leaseName must not be null");
    Objects.requireNonNull(shutdownTimeout, "shutdownTimeout must not be null");
    Objects.requireNonNull(auditFlushInterval, "auditFlushInterval must not be null");
    Objects.requireNonNull(replicaTokenFile, "replicaTokenFile must not be null");
    if ((streamTlsCert == null) != (streamTlsKey == null)) {
      throw new IllegalArgumentException("the stream's TLS certificate and key go together");
    }
    Objects.requireNonNull(logFormat, "logFormat must not be null");
    Objects.requireNonNull(logLevel, "logLevel must not be null");
  }

  /**
   * Every namespace, no leader election, any free ports, no webhooks, audit counts in status within
   * a second: for tests and local runs.
   */
  public static OperatorConfig local() {
    return new OperatorConfig(
        Set.of(),
        DEFAULT_POD_SELECTOR,
        "127.0.0.1",
        0,
        0,
        null,
        null,
        null,
        DEFAULT_TOKEN_FILE,
        Duration.ofSeconds(1),
        false,
        "dbwarden-operator",
        null,
        Duration.ofSeconds(10),
        Logging.Format.TEXT,
        "info",
        null);
  }
}
