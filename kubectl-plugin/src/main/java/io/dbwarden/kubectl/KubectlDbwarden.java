package io.dbwarden.kubectl;

import io.dbwarden.kubectl.explain.ExplainCommand;
import io.dbwarden.kubectl.grants.ApproveCommand;
import io.dbwarden.kubectl.grants.DenyCommand;
import io.dbwarden.kubectl.grants.PendingCommand;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code kubectl dbwarden}: kubectl runs the executable {@code kubectl-dbwarden} found on the PATH
 * with the arguments after {@code dbwarden}.
 *
 * @see <a href="https://kubernetes.io/docs/tasks/extend-kubectl/kubectl-plugins/">kubectl
 *     plugins</a>
 */
@Command(
    name = "kubectl dbwarden",
    description = {
      "dbwarden's AccessGrants and policies, from the command line.",
      "Exit code: 0 done, 1 refused, 2 bad usage, not found or no cluster."
    },
    subcommands = {
      PendingCommand.class,
      ApproveCommand.class,
      DenyCommand.class,
      ExplainCommand.class
    })
public final class KubectlDbwarden implements Runnable {

  @Mixin HelpOption help;

  @Spec CommandSpec spec;

  private final ClusterClients clients;
  private final Clock clock;
  private final InputStream stdin;

  /** The API server of the last client handed out, for messages about reaching it. */
  private String server = "(unknown)";

  /**
   * @param clients where commands get their client
   * @param clock the time ages and expiries are measured from
   * @param stdin what {@code -} reads (audit records for {@code explain --audit -})
   */
  public KubectlDbwarden(ClusterClients clients, Clock clock, InputStream stdin) {
    this.clients = Objects.requireNonNull(clients, "clients must not be null");
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
    this.stdin = Objects.requireNonNull(stdin, "stdin must not be null");
  }

  public static void main(String[] args) {
    // Fabric8 logs through SLF4J to java.util.logging; a command line shows its own messages only.
    Logger.getLogger("").setLevel(Level.SEVERE);
    int code;
    try (KubeconfigClients clients =
        new KubeconfigClients(System.getenv(), Path.of(System.getProperty("user.home")))) {
      code = commandLine(clients, Clock.systemUTC(), System.in).execute(args);
    }
    System.exit(code);
  }

  /** The command line, its errors turned into one line and an exit code each. */
  public static CommandLine commandLine(ClusterClients clients, Clock clock, InputStream stdin) {
    CommandLine line =
        new CommandLine(new KubectlDbwarden(clients, clock, stdin))
            .setCaseInsensitiveEnumValuesAllowed(true);
    line.setParameterExceptionHandler(
        (e, args) -> {
          CommandLine command = e.getCommandLine();
          command.getErr().println("error: " + e.getMessage());
          command
              .getErr()
              .println("See '" + command.getCommandSpec().qualifiedName() + " --help'.");
          return Exit.FAILED;
        });
    line.setExecutionExceptionHandler(
        (e, command, parsed) -> {
          KubectlDbwarden root = command.getCommandSpec().root().commandLine().getCommand();
          if (e instanceof ClusterException cluster) {
            command.getErr().println("error: " + cluster.getMessage());
            return Exit.FAILED;
          }
          if (e instanceof KubernetesClientException failed) {
            ClusterErrors.Failure failure = ClusterErrors.of(failed, root.server);
            command.getErr().println("error: " + failure.message());
            return failure.exitCode();
          }
          throw e;
        });
    return line;
  }

  /** A client for the cluster {@code options} name; not to be closed by the caller. */
  public KubernetesClient client(ClusterOptions options) {
    KubernetesClient client = clients.client(options);
    server = String.valueOf(client.getMasterUrl());
    return client;
  }

  /** The namespace {@code options} name, else the client's (the kubeconfig context's). */
  public static String namespace(KubernetesClient client, ClusterOptions options) {
    if (options.namespace() != null) {
      return options.namespace();
    }
    return client.getNamespace() == null ? "default" : client.getNamespace();
  }

  public Clock clock() {
    return clock;
  }

  public InputStream stdin() {
    return stdin;
  }

  @Override
  public void run() {
    // Without a command: say what there is.
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
