package io.dbwarden.sidecar.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the sidecar jar. */
@Command(
    name = "dbwarden",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Identity-aware governance for PostgreSQL connections.",
    subcommands = {
      RunCommand.class,
      DemoCommand.class,
      CheckCommand.class,
      CatalogCommand.class,
      AuditCommand.class,
      ApprovalsCommand.class,
      HashPasswordCommand.class
    })
public final class DbwardenCli {

  public static void main(String[] args) {
    int code = commandLine().execute(args);
    // After Ctrl-C the JVM is already shutting down, and System.exit would block it; a zero exit
    // needs no call.
    if (code != 0) {
      System.exit(code);
    }
  }

  static CommandLine commandLine() {
    return new CommandLine(new DbwardenCli())
        .registerConverter(java.net.InetSocketAddress.class, new HostPortConverter())
        .registerConverter(java.time.Duration.class, new DurationConverter());
  }
}
