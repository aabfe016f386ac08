package io.dbwarden.kubectl;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Which cluster and namespace a command works on, spelled as kubectl spells them. kubectl passes a
 * plugin only the arguments after its name, so the plugin reads these flags itself.
 */
public final class ClusterOptions {

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NAMESPACE",
      description = "The namespace (default: the kubeconfig context's, else default).")
  String namespace;

  @Option(
      names = "--context",
      paramLabel = "CONTEXT",
      description = "The kubeconfig context to use (default: the current context).")
  String context;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "The kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).")
  Path kubeconfig;

  public ClusterOptions() {}

  /** Options naming a namespace and nothing else (tests). */
  public static ClusterOptions inNamespace(String namespace) {
    ClusterOptions options = new ClusterOptions();
    options.namespace = namespace;
    return options;
  }

  /** The namespace given with {@code -n}, or null for the context's. */
  public String namespace() {
    return namespace;
  }

  /** The context given with {@code --context}, or null for the current one. */
  public String context() {
    return context;
  }

  /** The file given with {@code --kubeconfig}, or null. */
  public Path kubeconfig() {
    return kubeconfig;
  }
}
