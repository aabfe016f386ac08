package io.dbwarden.sidecar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code dbwarden run}'s options for policies pushed by the operator, refused before starting. */
class RunCommandTest {

  /** The exit code and what went to stderr. */
  private static String run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = DbwardenCli.commandLine();
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(err));
    String[] full = new String[args.length + 3];
    full[0] = "run";
    full[1] = "--upstream";
    full[2] = "127.0.0.1:1";
    System.arraycopy(args, 0, full, 3, args.length);
    return cli.execute(full) + " " + err;
  }

  @Test
  void aPolicyFileAndTheOperatorExcludeEachOther() {
    assertThat(run("--policy", "policy.yaml", "--operator-url", "ws://operator:8081/"))
        .startsWith("2 ")
        .contains("--policy and --operator-url exclude each other");
  }

  @Test
  void theOperatorIsReachedOverWebSocket() {
    assertThat(run("--operator-url", "http://operator:8081/", "--pod", "shop/orders-1"))
        .startsWith("2 ")
        .contains("must be ws:// or wss://");
  }

  @Test
  void thePodMustBeNamed() {
    assertThat(run("--operator-url", "ws://operator:8081/", "--pod", "orders-1"))
        .startsWith("2 ")
        .contains("the pod must be namespace/name");
  }
}
