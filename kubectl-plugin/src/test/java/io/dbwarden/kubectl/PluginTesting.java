package io.dbwarden.kubectl;

import io.dbwarden.api.grant.AccessGrant;
import io.dbwarden.api.grant.AccessGrantStatus;
import io.dbwarden.api.policy.DatabasePolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;

/** Runs the plugin's commands against a client, with what they print captured. */
public final class PluginTesting {

  /** The CRDs, as committed (tests run in kubectl-plugin/). */
  private static final Path CRDS = Path.of("..", "crds").toAbsolutePath().normalize();

  /** The time the commands see. */
  public static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

  static {
    // The mock server logs every request at INFO through java.util.logging.
    java.util.logging.Logger.getLogger("io.fabric8.mockwebserver")
        .setLevel(java.util.logging.Level.WARNING);
  }

  private PluginTesting() {}

  /**
   * What a command did.
   *
   * @param exitCode its exit code
   * @param out what it printed on stdout
   * @param err what it printed on stderr
   */
  public record Run(int exitCode, String out, String err) {}

  /** Runs {@code kubectl dbwarden ARGS} on {@code client}. */
  public static Run run(KubernetesClient client, String... args) {
    return run(options -> client, args);
  }

  /** Runs {@code kubectl dbwarden ARGS} with clients from {@code clients}. */
  public static Run run(ClusterClients clients, String... args) {
    return runWithInput(clients, "", args);
  }

  /** Runs {@code kubectl dbwarden ARGS} with {@code stdin} on its standard input. */
  public static Run runWithInput(ClusterClients clients, String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        KubectlDbwarden.commandLine(
                clients,
                Clock.fixed(NOW, ZoneOffset.UTC),
                new java.io.ByteArrayInputStream(
                    stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** Creates the committed CRDs in a CRUD mock server, which then serves their status. */
  public static void createCrds(KubernetesClient client) {
    for (String file :
        List.of("databasepolicies.dbwarden.io-v1.yml", "accessgrants.dbwarden.io-v1.yml")) {
      try (InputStream in = Files.newInputStream(CRDS.resolve(file))) {
        client.load(in).create();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Creates the policy {@code yaml} describes in {@code namespace}. */
  public static DatabasePolicy createPolicy(
      KubernetesClient client, String namespace, String yaml) {
    DatabasePolicy policy =
        client.getKubernetesSerialization().unmarshal(yaml, DatabasePolicy.class);
    return client.resource(policy).inNamespace(namespace).create();
  }

  /**
   * Creates the grant {@code yaml} describes in {@code namespace}, then writes the status {@code
   * status} sets, if any, through the status subresource.
   */
  public static AccessGrant createGrant(
      KubernetesClient client, String namespace, String yaml, Consumer<AccessGrantStatus> status) {
    AccessGrant grant = client.getKubernetesSerialization().unmarshal(yaml, AccessGrant.class);
    AccessGrant created = client.resource(grant).inNamespace(namespace).create();
    if (status == null) {
      return created;
    }
    AccessGrantStatus written = new AccessGrantStatus();
    status.accept(written);
    created.setStatus(written);
    return client.resource(created).updateStatus();
  }

  public static AccessGrant grant(KubernetesClient client, String namespace, String name) {
    return client.resources(AccessGrant.class).inNamespace(namespace).withName(name).get();
  }
}
