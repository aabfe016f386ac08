package io.dbwarden.operator;

import io.dbwarden.api.push.PushProtocol;
import io.dbwarden.operator.certs.CertificateSettings;
import io.dbwarden.operator.injection.SidecarMode;
import io.dbwarden.operator.injection.SidecarSettings;
import io.dbwarden.operator.logging.Logging;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar dbwarden-operator.jar}: runs the operator against the current kubeconfig (or the
 * in-cluster service account). Every flag has an environment variable, for a Deployment's {@code
 * env}; a flag given wins over its variable.
 */
@Command(
    name = "dbwarden-operator",
    mixinStandardHelpOptions = true,
    version = "dbwarden-operator " + OperatorMain.VERSION,
    description =
        "Runs the dbwarden operator: DatabasePolicy and AccessGrant controllers, sidecar"
            + " injection, the stamp on AccessGrant decisions.")
public final class OperatorMain implements Callable<Integer> {

  /** This release; also the tag of the sidecar image injected by default. */
  static final String VERSION = "0.1.0";

  @Option(
      names = "--namespaces",
      split = ",",
      defaultValue = "${env:DBWARDEN_NAMESPACES:-}",
      description =
          "Namespaces to watch, comma-separated; all when empty (env DBWARDEN_NAMESPACES).")
  String[] namespaces = new String[0];

  @Option(
      names = "--pod-selector",
      defaultValue = "${env:DBWARDEN_POD_SELECTOR:-" + OperatorConfig.DEFAULT_POD_SELECTOR + "}",
      description =
          "Label selector of pods running a dbwarden sidecar (env DBWARDEN_POD_SELECTOR).")
  String podSelector;

  @Option(
      names = "--http-host",
      defaultValue = "${env:DBWARDEN_HTTP_HOST:-0.0.0.0}",
      description = "Address of /healthz, /readyz and /metrics (env DBWARDEN_HTTP_HOST).")
  String httpHost;

  @Option(
      names = "--http-port",
      defaultValue = "${env:DBWARDEN_HTTP_PORT:-8080}",
      description = "Port of /healthz, /readyz and /metrics (env DBWARDEN_HTTP_PORT).")
  int httpPort;

  @Option(
      names = "--stream-port",
      defaultValue = "${env:DBWARDEN_STREAM_PORT:-8081}",
      description =
          "Port of the sidecars' policy push stream, "
              + PushProtocol.PATH
              + " (env DBWARDEN_STREAM_PORT).")
  int streamPort;

  @Option(
      names = "--stream-tls-cert",
      defaultValue = "${env:DBWARDEN_STREAM_TLS_CERT}",
      description =
          "PEM certificate chain to serve the stream over TLS (wss://) with; read at start"
              + " (env DBWARDEN_STREAM_TLS_CERT).")
  Path streamTlsCert;

  @Option(
      names = "--stream-tls-key",
      defaultValue = "${env:DBWARDEN_STREAM_TLS_KEY}",
      description = "PKCS#8 PEM key of --stream-tls-cert (env DBWARDEN_STREAM_TLS_KEY).")
  Path streamTlsKey;

  @Option(
      names = "--replica-host",
      defaultValue = "${env:DBWARDEN_REPLICA_HOST:-${env:POD_IP:-}}",
      description =
          "Host at which the other replicas reach this one's stream port, normally the pod IP;"
              + " with leader election they relay their sidecars' reports to the leader there"
              + " (env DBWARDEN_REPLICA_HOST, else POD_IP).")
  String replicaHost;

  @Option(
      names = "--replica-token-file",
      defaultValue = "${env:DBWARDEN_REPLICA_TOKEN_FILE:-/var/run/secrets/dbwarden/token}",
      description =
          "This replica's projected token with audience dbwarden, for relaying"
              + " (env DBWARDEN_REPLICA_TOKEN_FILE).")
  Path replicaTokenFile;

  @Option(
      names = "--audit-flush-interval",
      defaultValue = "${env:DBWARDEN_AUDIT_FLUSH_INTERVAL:-30s}",
      converter = DurationConverter.class,
      description =
          "How often sidecars' audit counts are written into policy status, at most"
              + " (env DBWARDEN_AUDIT_FLUSH_INTERVAL).")
  Duration auditFlushInterval;

  @Option(
      names = "--leader-election",
      negatable = true,
      defaultValue = "${env:DBWARDEN_LEADER_ELECTION:-true}",
      fallbackValue = "true",
      description =
          "Elect a leader among replicas on a Lease; --no-leader-election for one replica"
              + " (env DBWARDEN_LEADER_ELECTION).")
  boolean leaderElection;

  @Option(
      names = "--lease-name",
      defaultValue = "${env:DBWARDEN_LEASE_NAME:-dbwarden-operator}",
      description = "Name of the leader election Lease (env DBWARDEN_LEASE_NAME).")
  String leaseName;

  @Option(
      names = "--lease-namespace",
      defaultValue = "${env:DBWARDEN_LEASE_NAMESPACE:-${env:POD_NAMESPACE:-}}",
      description =
          "Namespace of the Lease; the pod's (POD_NAMESPACE) or the kubeconfig's when empty"
              + " (env DBWARDEN_LEASE_NAMESPACE).")
  String leaseNamespace;

  @Option(
      names = "--shutdown-timeout",
      defaultValue = "${env:DBWARDEN_SHUTDOWN_TIMEOUT:-PT20S}",
      converter = DurationConverter.class,
      description =
          "How long shutdown waits for running reconciliations, e.g. 20s or PT20S"
              + " (env DBWARDEN_SHUTDOWN_TIMEOUT).")
  Duration shutdownTimeout;

  @Option(
      names = "--log-format",
      defaultValue = "${env:DBWARDEN_LOG_FORMAT:-json}",
      converter = FormatConverter.class,
      description = "json or text (env DBWARDEN_LOG_FORMAT).")
  Logging.Format logFormat;

  @Option(
      names = "--log-level",
      defaultValue = "${env:DBWARDEN_LOG_LEVEL:-info}",
      description = "error, warn, info, debug or trace (env DBWARDEN_LOG_LEVEL).")
  String logLevel;

  @Option(
      names = "--webhook",
      negatable = true,
      defaultValue = "${env:DBWARDEN_WEBHOOK:-true}",
      fallbackValue = "true",
      description =
          "Serve the admission webhooks (sidecar injection, AccessGrant decisions); --no-webhook to leave them to"
              + " another replica set (env DBWARDEN_WEBHOOK).")
  boolean webhook;

  @Option(
      names = "--webhook-port",
      defaultValue = "${env:DBWARDEN_WEBHOOK_PORT:-9443}",
      description = "HTTPS port of the admission webhooks (env DBWARDEN_WEBHOOK_PORT).")
  int webhookPort;

  @Option(
      names = "--operator-namespace",
      defaultValue = "${env:DBWARDEN_OPERATOR_NAMESPACE:-${env:POD_NAMESPACE:-dbwarden-system}}",
      description =
          "The operator's namespace: its webhook Secret lives there and its pods are never"
              + " injected (env DBWARDEN_OPERATOR_NAMESPACE, else POD_NAMESPACE).")
  String operatorNamespace;

  @Option(
      names = "--webhook-service",
      defaultValue = "${env:DBWARDEN_WEBHOOK_SERVICE:-dbwarden-webhook}",
      description =
          "The Service in front of the webhook port; the certificate is for its DNS names"
              + " (env DBWARDEN_WEBHOOK_SERVICE).")
  String webhookService;

  @Option(
      names = "--webhook-configuration",
      defaultValue = "${env:DBWARDEN_WEBHOOK_CONFIGURATION:-dbwarden}",
      description =
          "Name of the Mutating- and ValidatingWebhookConfiguration whose caBundle is kept"
              + " current (env DBWARDEN_WEBHOOK_CONFIGURATION).")
  String webhookConfiguration;

  @Option(
      names = "--webhook-secret",
      defaultValue = "${env:DBWARDEN_WEBHOOK_SECRET:-dbwarden-webhook-tls}",
      description =
          "The Secret holding the webhook's certificate, shared by replicas"
              + " (env DBWARDEN_WEBHOOK_SECRET).")
  String webhookSecret;

  @Option(
      names = "--webhook-certificates",
      defaultValue = "${env:DBWARDEN_WEBHOOK_CERTIFICATES:-self-signed}",
      converter = CertificatesConverter.class,
      description =
          "self-signed: the operator is its own CA and patches caBundle; cert-manager: the"
              + " Secret is cert-manager's and its CA injector patches caBundle"
              + " (env DBWARDEN_WEBHOOK_CERTIFICATES).")
  String webhookCertificates;

  @Option(
      names = "--webhook-certificate-validity",
      defaultValue = "${env:DBWARDEN_WEBHOOK_CERTIFICATE_VALIDITY:-365d}",
      converter = DurationConverter.class,
      description =
          "How long a self-signed serving certificate is valid"
              + " (env DBWARDEN_WEBHOOK_CERTIFICATE_VALIDITY).")
  Duration webhookCertificateValidity;

  @Option(
      names = "--webhook-certificate-renew-before",
      defaultValue = "${env:DBWARDEN_WEBHOOK_CERTIFICATE_RENEW_BEFORE:-30d}",
      converter = DurationConverter.class,
      description =
          "Renew a self-signed certificate this long before it expires"
              + " (env DBWARDEN_WEBHOOK_CERTIFICATE_RENEW_BEFORE).")
  Duration webhookCertificateRenewBefore;

  @Option(
      names = "--sidecar-image",
      defaultValue = "${env:DBWARDEN_SIDECAR_IMAGE:-ghcr.io/dbwarden/sidecar:" + VERSION + "}",
      description = "The injected sidecar's image (env DBWARDEN_SIDECAR_IMAGE).")
  String sidecarImage;

  @Option(
      names = "--sidecar-resources",
      defaultValue = "${env:DBWARDEN_SIDECAR_RESOURCES:-}",
      description =
          "The injected sidecar's resources as JSON, e.g. {\"requests\":{\"cpu\":\"100m\"}};"
              + " empty for 100m CPU and 192Mi requested, 512Mi limit"
              + " (env DBWARDEN_SIDECAR_RESOURCES).")
  String sidecarResources;

  @Option(
      names = "--sidecar-audit-mode",
      defaultValue = "${env:DBWARDEN_SIDECAR_AUDIT_MODE:-strict}",
      description =
          "The injected sidecar's audit mode, strict or best-effort"
              + " (env DBWARDEN_SIDECAR_AUDIT_MODE).")
  String sidecarAuditMode;

  @Option(
      names = "--sidecar-mode",
      defaultValue = "${env:DBWARDEN_SIDECAR_MODE:-native}",
      converter = SidecarModeConverter.class,
      description =
          "native (an init container with restartPolicy Always, Kubernetes 1.29+) or container"
              + " (a regular container, for older clusters); pods may override it with the"
              + " dbwarden.io/sidecar-mode annotation (env DBWARDEN_SIDECAR_MODE).")
  SidecarMode sidecarMode;

  @Option(
      names = "--sidecar-operator-url",
      defaultValue = "${env:DBWARDEN_SIDECAR_OPERATOR_URL:-}",
      description =
          "Where injected sidecars open the policy push stream; by default"
              + " ws://dbwarden-operator.<operator namespace>.svc:8081/v1/sidecars/stream"
              + " (env DBWARDEN_SIDECAR_OPERATOR_URL).")
  String sidecarOperatorUrl;

  /**
   * A self-signed CA outlives many serving certificates, so renewing one never changes the
   * caBundle.
   */
  private static final Duration CA_VALIDITY = Duration.ofDays(3650);

  /** Expiry is days away when renewal is due; an hourly look is plenty and costs one GET. */
  private static final Duration CERTIFICATE_CHECK_INTERVAL = Duration.ofHours(1);

  public static void main(String[] args) {
    System.exit(new CommandLine(new OperatorMain()).execute(args));
  }

  /** The configuration the flags and environment describe. */
  OperatorConfig config() {
    Set<String> watched = new LinkedHashSet<>();
    Arrays.stream(namespaces).map(String::trim).filter(s -> !s.isEmpty()).forEach(watched::add);
    return new OperatorConfig(
        watched,
        podSelector,
        httpHost,
        httpPort,
        streamPort,
        streamTlsCert,
        streamTlsKey,
        replicaHost == null || replicaHost.isBlank() ? null : replicaHost,
        replicaTokenFile,
        auditFlushInterval,
        leaderElection,
        leaseName,
        leaseNamespace == null || leaseNamespace.isBlank() ? null : leaseNamespace,
        shutdownTimeout,
        logFormat,
        logLevel,
        webhook ? webhookConfig() : null);
  }

  private WebhookConfig webhookConfig() {
    CertificateSettings certificates =
        new CertificateSettings(
            operatorNamespace,
            webhookSecret,
            CertificateSettings.serviceNames(webhookService, operatorNamespace),
            CertificatesConverter.SELF_SIGNED.equals(webhookCertificates),
            webhookConfiguration,
            CA_VALIDITY,
            webhookCertificateValidity,
            webhookCertificateRenewBefore,
            CERTIFICATE_CHECK_INTERVAL);
    String operatorUrl =
        sidecarOperatorUrl == null || sidecarOperatorUrl.isBlank()
            ? "ws://dbwarden-operator." + operatorNamespace + ".svc:8081/v1/sidecars/stream"
            : sidecarOperatorUrl;
    return new WebhookConfig(
        webhookPort,
        certificates,
        new SidecarSettings(
            sidecarImage,
            sidecarMode,
            operatorUrl,
            operatorNamespace,
            sidecarResources.isBlank()
                ? SidecarSettings.DEFAULT_RESOURCES
                : Serialization.unmarshal(sidecarResources, ResourceRequirements.class),
            sidecarAuditMode));
  }

  @Override
  public Integer call() throws Exception {
    OperatorConfig config = config();
    Logging.configure(config.logFormat(), config.logLevel());
    Logger log = LoggerFactory.getLogger(OperatorMain.class);
    KubernetesClient client = new KubernetesClientBuilder().build();
    DbwardenOperator operator = new DbwardenOperator(config, client, Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("shutdown requested");
                  try {
                    operator.close();
                    client.close();
                  } finally {
                    stopped.countDown();
                  }
                },
                "shutdown"));
    try {
      operator.start();
    } catch (RuntimeException e) {
      log.error("the operator could not start", e);
      return 1;
    }
    stopped.await();
    return 0;
  }

  /** Durations as {@code 20s}, {@code 1m30s} or ISO-8601 {@code PT20S}. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String text = value.trim();
      return text.toUpperCase(java.util.Locale.ROOT).startsWith("P")
          ? Duration.parse(text)
          : io.dbwarden.api.policy.Durations.parse(text);
    }
  }

  /** {@code self-signed} or {@code cert-manager}. */
  static final class CertificatesConverter implements CommandLine.ITypeConverter<String> {
    static final String SELF_SIGNED = "self-signed";

    @Override
    public String convert(String value) {
      String source = value.trim();
      if (!source.equals(SELF_SIGNED) && !source.equals("cert-manager")) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not self-signed or cert-manager");
      }
      return source;
    }
  }

  /** {@code native} or {@code container}. */
  static final class SidecarModeConverter implements CommandLine.ITypeConverter<SidecarMode> {
    @Override
    public SidecarMode convert(String value) {
      return SidecarMode.parse(value.trim());
    }
  }

  /** {@code json} or {@code text}, in any case. */
  static final class FormatConverter implements CommandLine.ITypeConverter<Logging.Format> {
    @Override
    public Logging.Format convert(String value) {
      return Logging.Format.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
    }
  }
}
