package io.dbwarden.kubectl;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A command that works on one cluster and namespace: the options that name them, the client, and
 * where it prints.
 */
public abstract class ClusterCommand implements Callable<Integer> {

  @ParentCommand KubectlDbwarden root;

  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Mixin ClusterOptions cluster;

  /** The client for the cluster the options name; not to be closed. */
  protected KubernetesClient client() {
    return root.client(cluster);
  }

  /** The namespace given with {@code -n}, else the kubeconfig context's. */
  protected String namespace(KubernetesClient client) {
    return KubectlDbwarden.namespace(client, cluster);
  }

  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Prints an error line on stderr and gives {@code exitCode} back. */
  protected int fail(int exitCode, String message) {
    err().println("error: " + message);
    err().flush();
    return exitCode;
  }

  protected CommandSpec spec() {
    return spec;
  }

  protected KubectlDbwarden root() {
    return root;
  }
}
