package io.dbwarden.sidecar.cli;

import io.dbwarden.sidecar.audit.AuditVerifier;
import io.dbwarden.sidecar.audit.LineageReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dbwarden audit}: proving and summarizing audit files. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Prove the hash chain of audit files, or report who touched which data.",
    subcommands = {AuditCommand.Verify.class, AuditCommand.Lineage.class})
final class AuditCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 2;
  }

  /** Exit codes of verify. */
  static final int INTACT = 0;

  static final int BROKEN = 1;
  static final int BAD_INPUT = 2;

  /** {@code dbwarden audit verify FILE...}. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Prove that nothing was removed, altered or reordered in audit files.",
        "Give the files in the order they were written: the oldest rotated file first"
            + " (audit.jsonl.3 audit.jsonl.2 audit.jsonl.1 audit.jsonl).",
        "Exit code: 0 intact, 1 broken (the first broken record is reported with its file and"
            + " line), 2 bad input."
      })
  static final class Verify implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
        names = "--partial",
        description =
            "Accept files whose first record continues an earlier chain (older rotated files were"
                + " deleted).")
    boolean partial;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Audit files, oldest first.")
    List<Path> files;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      for (Path file : files) {
        if (!Files.isReadable(file)) {
          err.println("audit verify: cannot read " + file);
          return BAD_INPUT;
        }
      }
      AuditVerifier.Result result;
      try {
        result = new AuditVerifier(partial).verify(files);
      } catch (IOException | java.io.UncheckedIOException e) {
        err.println("audit verify: " + e.getMessage());
        return BAD_INPUT;
      }
      if (result.intact()) {
        out.println(
            "OK: "
                + result.records()
                + " records in "
                + files.size()
                + (files.size() == 1 ? " file" : " files")
                + ", chain intact from "
                + (result.startsFrom() == null
                    ? "nothing"
                    : result.startsFrom().equals(io.dbwarden.api.audit.AuditEvent.GENESIS_HASH)
                        ? "genesis"
                        : "prev_hash " + result.startsFrom())
                + (result.lastHash() == null ? "" : " to hash " + result.lastHash()));
        out.println("The last hash proves the tail only when compared with one kept elsewhere.");
        out.flush();
        return INTACT;
      }
      AuditVerifier.Break broken = result.broken();
      out.println(
          "BROKEN at "
              + broken.at()
              + ": "
              + broken.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')
              + ": "
              + broken.message());
      out.println(result.records() + " records before it are intact.");
      out.flush();
      return BROKEN;
    }
  }

  /** {@code dbwarden audit lineage [--format json|csv] FILE...}. */
  @Command(
      name = "lineage",
      mixinStandardHelpOptions = true,
      description = {
        "Report who touched which data: per identity, table and column, the statements that read"
            + " it, wrote it, read it masked and were refused, with the first and last time.",
      })
  static final class Lineage implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
        names = "--format",
        defaultValue = "json",
        description = "json or csv (default: ${DEFAULT-VALUE}).")
    String format;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Audit files.")
    List<Path> files;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (!format.equals("json") && !format.equals("csv")) {
        err.println("audit lineage: --format must be json or csv, not '" + format + "'");
        return BAD_INPUT;
      }
      LineageReport.Report report;
      try {
        report = LineageReport.of(files);
      } catch (IOException e) {
        err.println("audit lineage: " + e.getMessage());
        return BAD_INPUT;
      }
      out.print(format.equals("json") ? LineageReport.json(report) : LineageReport.csv(report));
      out.flush();
      return 0;
    }
  }
}
