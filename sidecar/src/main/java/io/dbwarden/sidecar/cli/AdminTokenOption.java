package io.dbwarden.sidecar.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where {@code run} and {@code demo} keep the token that authenticates approvals. */
final class AdminTokenOption {

  @Option(
      names = "--admin-token-file",
      paramLabel = "FILE",
      description =
          "The token that authenticates approvals on the admin port; created when missing"
              + " (default: ~/.dbwarden/admin-token).")
  Path file;

  Path file() {
    return file == null ? AdminToken.defaultFile() : file;
  }
}
