package io.dbwarden.kubectl;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Where commands get their Kubernetes client: from the user's kubeconfig when the plugin runs
 * ({@link KubeconfigClients}), from a mock API server in tests.
 */
@FunctionalInterface
public interface ClusterClients {

  /**
   * A client for the cluster {@code options} name. Whoever made it closes it; commands do not.
   *
   * @throws ClusterException when there is no cluster to ask (no kubeconfig, an unknown context)
   */
  KubernetesClient client(ClusterOptions options);
}
