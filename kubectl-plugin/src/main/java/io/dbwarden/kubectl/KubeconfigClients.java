package io.dbwarden.kubectl;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Clients configured as kubectl is: {@code --kubeconfig}, else {@code $KUBECONFIG} (a list of files
 * merged in order), else {@code ~/.kube/config}; {@code --context}, else the current context.
 * Closes the clients it made when closed.
 *
 * @see <a
 *     href="https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/">Organizing
 *     cluster access using kubeconfig files</a>
 */
public final class KubeconfigClients implements ClusterClients, AutoCloseable {

  private final Map<String, String> environment;
  private final Path home;
  private final List<KubernetesClient> made = new ArrayList<>();

  /**
   * @param environment the process environment, for {@code KUBECONFIG} and in-cluster detection
   * @param home the user's home folder, holding {@code .kube/config}
   */
  public KubeconfigClients(Map<String, String> environment, Path home) {
    this.environment = Objects.requireNonNull(environment, "environment must not be null");
    this.home = Objects.requireNonNull(home, "home must not be null");
  }

  @Override
  public KubernetesClient client(ClusterOptions options) {
    Config config = config(options);
    // A command line answers at once: the user runs it again, rather than waiting through retries.
    config.setRequestRetryBackoffLimit(0);
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    made.add(client);
    return client;
  }

  private Config config(ClusterOptions options) {
    String context = options.context();
    Config config;
    try {
      if (options.kubeconfig() != null) {
        File file = options.kubeconfig().toFile();
        if (!file.isFile()) {
          throw new ClusterException("the kubeconfig " + options.kubeconfig() + " does not exist");
        }
        config = Config.fromKubeconfig(context, file);
      } else {
        if (kubeconfigFiles().stream().noneMatch(Files::isRegularFile)
            && !environment.containsKey("KUBERNETES_SERVICE_HOST")) {
          throw new ClusterException(
              "no kubeconfig: "
                  + (listed() != null
                      ? "no file of $KUBECONFIG (" + listed() + ") exists"
                      : home.resolve(".kube").resolve("config") + " does not exist")
                  + "; point kubectl at a cluster first, or give --kubeconfig FILE");
        }
        config = Config.autoConfigure(context);
      }
    } catch (KubernetesClientException e) {
      throw new ClusterException("cannot read the kubeconfig: " + e.getMessage());
    }
    if (context != null
        && (config.getCurrentContext() == null
            || !context.equals(config.getCurrentContext().getName()))) {
      throw new ClusterException(
          "the kubeconfig has no context \""
              + context
              + "\" (kubectl config get-contexts lists them)");
    }
    return config;
  }

  /** {@code $KUBECONFIG}, or null when it is not set (or empty, which kubectl takes as unset). */
  private String listed() {
    String listed = environment.get("KUBECONFIG");
    return listed == null || listed.isBlank() ? null : listed;
  }

  private List<Path> kubeconfigFiles() {
    if (listed() == null) {
      return List.of(home.resolve(".kube").resolve("config"));
    }
    return Arrays.stream(listed().split(File.pathSeparator))
        .filter(name -> !name.isBlank())
        .map(Path::of)
        .toList();
  }

  @Override
  public void close() {
    made.forEach(KubernetesClient::close);
    made.clear();
  }
}
