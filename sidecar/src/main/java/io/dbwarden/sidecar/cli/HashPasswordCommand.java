package io.dbwarden.sidecar.cli;

import io.dbwarden.sidecar.identity.PasswordHasher;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code dbwarden hash-password}: a SCRAM-SHA-256 verifier for the users file. */
@Command(
    name = "hash-password",
    mixinStandardHelpOptions = true,
    description = "Read a password (prompt, or stdin) and print its SCRAM-SHA-256 verifier.")
final class HashPasswordCommand implements Callable<Integer> {

  @Override
  public Integer call() throws IOException {
    Console console = System.console();
    String password;
    if (console != null) {
      char[] typed = console.readPassword("Password: ");
      password = typed == null ? "" : new String(typed);
    } else {
      password = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
    if (password.isEmpty()) {
      System.err.println("dbwarden: empty password");
      return 2;
    }
    System.out.println(PasswordHasher.hash(password));
    return 0;
  }
}
