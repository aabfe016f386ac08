package io.dbwarden.sidecar.testing;

import io.dbwarden.sidecar.demo.SampleSchema;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs client programs (psql, pgbench) the way a user would, for tests against real tools. */
public final class Programs {

  private static final long TIMEOUT_MINUTES = 5;

  private Programs() {}

  public static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String directory : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(directory, program))) {
        return true;
      }
    }
    return false;
  }

  /** What a finished process left behind. */
  public record Result(int exitCode, String stdout, String stderr) {
    public String describe() {
      return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
  }

  /**
   * psql as alice through a proxy, unaligned and tuples-only (one value per line), with the given
   * extra arguments and stdin.
   */
  public static Result psqlAsAlice(
      ProxyFixture proxy, boolean stopOnError, String stdin, Path dir, String... arguments)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "psql",
                "-X",
                "-A",
                "-t",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(proxy.port()),
                "-U",
                ProxyFixture.ALICE,
                "-v",
                "ON_ERROR_STOP=" + (stopOnError ? "1" : "0")));
    command.addAll(List.of(arguments));
    command.add(SampleSchema.DATABASE);
    return run(command, ProxyFixture.ALICE_PASSWORD, stdin, dir);
  }

  /**
   * Runs a command with libpq's environment cleared except for the password, feeding it stdin if
   * given, with its output collected in files under {@code dir}.
   */
  public static Result run(List<String> command, String password, String stdin, Path dir)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(name -> name.startsWith("PG"));
    environment.put("PGPASSWORD", password);
    environment.put("PGCONNECT_TIMEOUT", "30");
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    if (stdin != null) {
      Path in = Files.createTempFile(dir, "in", ".sql");
      Files.writeString(in, stdin);
      builder.redirectInput(in.toFile());
    } else {
      builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError(
          String.join(" ", command)
              + " did not finish\nstdout:\n"
              + Files.readString(out)
              + "\nstderr:\n"
              + Files.readString(err));
    }
    return new Result(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
