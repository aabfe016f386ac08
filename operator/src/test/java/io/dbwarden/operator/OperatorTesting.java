package io.dbwarden.operator;

import static org.awaitility.Awaitility.await;

import io.dbwarden.api.grant.AccessGrant;
import io.dbwarden.api.policy.DatabasePolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionFactory;

/** Helpers for tests that run the operator against the Fabric8 mock server in CRUD mode. */
public final class OperatorTesting {

  /** The repository's top folder (tests run in operator/). */
  public static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  /**
   * The mock server logs every request at INFO through java.util.logging; held to keep it quiet.
   */
  private static final java.util.logging.Logger MOCK_SERVER_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private OperatorTesting() {}

  /** Creates the committed CRDs in the mock server, which then serves their status subresource. */
  public static void createCrds(KubernetesClient client) {
    for (String file :
        List.of("databasepolicies.dbwarden.io-v1.yml", "accessgrants.dbwarden.io-v1.yml")) {
      try (InputStream in = Files.newInputStream(REPOSITORY.resolve("crds").resolve(file))) {
        client.load(in).create();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Before campaigning, JOSDK asks whether it may use Leases; the mock server cannot tell. */
  public static void allowLeases(KubernetesMockServer server) {
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new SelfSubjectRulesReviewBuilder()
                .withNewStatus()
                .addNewResourceRule()
                .withApiGroups("coordination.k8s.io")
                .withResources("leases")
                .withVerbs("get", "create", "update", "watch", "list")
                .endResourceRule()
                .withIncomplete(false)
                .endStatus()
                .build())
        .always();
  }

  /** A namespace no other test uses. */
  public static String namespace(String prefix) {
    return prefix + "-" + NAMESPACES.incrementAndGet();
  }

  /** Starts an operator on {@code client}: all namespaces, no leader election, any free port. */
  public static DbwardenOperator startOperator(KubernetesClient client) {
    return startOperator(client, OperatorConfig.local());
  }

  /**
   * The local configuration with the stream on {@code streamPort} (0 for any), and leader election
   * on a Lease in {@code leaseNamespace} unless it is null.
   */
  public static OperatorConfig config(int streamPort, String leaseNamespace) {
    return config(streamPort, leaseNamespace, null, null);
  }

  /**
   * As {@link #config(int, String)}, the stream served over TLS with {@code cert} and {@code key}.
   */
  public static OperatorConfig config(int streamPort, String leaseNamespace, Path cert, Path key) {
    return config(streamPort, leaseNamespace, cert, key, null, OperatorConfig.DEFAULT_TOKEN_FILE);
  }

  /**
   * As {@link #config(int, String, Path, Path)}, relaying sidecars' reports to the leader as {@code
   * replicaHost} with the token in {@code replicaTokenFile}.
   */
  public static OperatorConfig config(
      int streamPort,
      String leaseNamespace,
      Path cert,
      Path key,
      String replicaHost,
      Path replicaTokenFile) {
    OperatorConfig local = OperatorConfig.local();
    return new OperatorConfig(
        local.namespaces(),
        local.podSelector(),
        local.httpHost(),
        local.httpPort(),
        streamPort,
        cert,
        key,
        replicaHost,
        replicaTokenFile,
        local.auditFlushInterval(),
        leaseNamespace != null,
        local.leaseName(),
        leaseNamespace,
        local.shutdownTimeout(),
        local.logFormat(),
        local.logLevel(),
        local.webhook());
  }

  /** Starts an operator on {@code client} with {@code config}. */
  public static DbwardenOperator startOperator(KubernetesClient client, OperatorConfig config) {
    DbwardenOperator operator = new DbwardenOperator(config, client, Clock.systemUTC());
    try {
      operator.start();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return operator;
  }

  /** Awaitility with the timeouts operator tests use; never an assertion on durations. */
  public static ConditionFactory eventually() {
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions();
  }

  /**
   * A policy named {@code name} selecting the pods labelled {@code app}; {@code spec} adds further
   * lines to its spec, indented as spec fields.
   */
  public static String policySelecting(String name, String app, String spec) {
    return """
        apiVersion: dbwarden.io/v1alpha1
        kind: DatabasePolicy
        metadata:
          name: %s
        spec:
          selector: {matchLabels: {app: %s}}
        """
            .formatted(name, app)
        + spec.indent(2);
  }

  /** Creates a policy from YAML in {@code namespace}. */
  public static DatabasePolicy createPolicy(
      KubernetesClient client, String namespace, String yaml) {
    return client
        .resources(DatabasePolicy.class)
        .inNamespace(namespace)
        .load(stream(yaml))
        .create();
  }

  /** Creates a grant from YAML in {@code namespace}. */
  public static AccessGrant createGrant(KubernetesClient client, String namespace, String yaml) {
    return client.resources(AccessGrant.class).inNamespace(namespace).load(stream(yaml)).create();
  }

  /** A pod with a dbwarden sidecar (the injection label) and {@code labels}. */
  public static Pod createSidecarPod(
      KubernetesClient client, String namespace, String name, Map<String, String> labels) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .addToLabels("dbwarden.io/inject", "true")
            .addToLabels(labels)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("app")
            .withImage("example/app")
            .endContainer()
            .endSpec()
            .build();
    return client.resource(pod).create();
  }

  /** The current state of {@code resource} on the server. */
  public static <T extends HasMetadata> T fresh(KubernetesClient client, T resource) {
    return client.resource(resource).get();
  }

  private static InputStream stream(String yaml) {
    return new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8));
  }
}
