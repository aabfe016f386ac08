package io.dbwarden.kubectl;

import static io.dbwarden.kubectl.PluginTesting.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbwarden.kubectl.PluginTesting.Run;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clusters the plugin cannot ask: each says so in one line and exits 2. */
class KubeconfigClientsTest {

  @TempDir Path home;

  @Test
  void withoutAKubeconfig() {
    try (KubeconfigClients clients = new KubeconfigClients(Map.of(), home)) {
      Run run = run(clients, "pending");

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err())
          .isEqualTo(
              "error: no kubeconfig: "
                  + home.resolve(".kube/config")
                  + " does not exist; point kubectl at a cluster first, or give --kubeconfig"
                  + " FILE\n");
    }
  }

  @Test
  void withAKubeconfigVariableNamingNoFile() {
    Map<String, String> environment =
        Map.of("KUBECONFIG", home.resolve("a") + ":" + home.resolve("b"));
    try (KubeconfigClients clients = new KubeconfigClients(environment, home)) {
      Run run = run(clients, "approve", "erasure-123");

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).startsWith("error: no kubeconfig: no file of $KUBECONFIG (");
    }
  }

  @Test
  void whenTheApiServerCannotBeReached() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    Path kubeconfig = kubeconfig("https://127.0.0.1:" + closed);
    try (KubeconfigClients clients = new KubeconfigClients(Map.of(), home)) {
      Run run = run(clients, "pending", "--kubeconfig", kubeconfig.toString());

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err())
          .isEqualTo(
              "error: cannot reach the Kubernetes API server at https://127.0.0.1:"
                  + closed
                  + "/: the connection was refused\n");
    }
  }

  @Test
  void aContextTheKubeconfigDoesNotHold() throws IOException {
    Path kubeconfig = kubeconfig("https://127.0.0.1:6443");
    try (KubeconfigClients clients = new KubeconfigClients(Map.of(), home)) {
      Run run = run(clients, "pending", "--kubeconfig", kubeconfig.toString(), "--context", "prod");

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err())
          .isEqualTo(
              "error: the kubeconfig has no context \"prod\" (kubectl config get-contexts lists"
                  + " them)\n");
    }
  }

  @Test
  void theNamespaceComesFromTheContext() throws IOException {
    Path kubeconfig = kubeconfig("https://127.0.0.1:6443");
    try (KubeconfigClients clients = new KubeconfigClients(Map.of(), home)) {
      ClusterOptions options = new ClusterOptions();
      options.kubeconfig = kubeconfig;
      assertThat(KubectlDbwarden.namespace(clients.client(options), options)).isEqualTo("shop");
    }
  }

  private Path kubeconfig(String server) throws IOException {
    Path file = home.resolve("kubeconfig");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: test
          cluster: {server: "%s", insecure-skip-tls-verify: true}
        contexts:
        - name: test
          context: {cluster: test, user: test, namespace: shop}
        current-context: test
        users:
        - name: test
          user: {token: not-a-real-token}
        """
            .formatted(server));
    return file;
  }
}
