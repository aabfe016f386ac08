package io.dbwarden.sidecar.cli;

import io.dbwarden.api.policy.AuditMode;
import io.dbwarden.sidecar.audit.AuditSink;
import io.dbwarden.sidecar.audit.JsonLinesAuditSink;
import io.dbwarden.sidecar.audit.RotatingFileAuditOutput;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Where audit records go and what a failing sink does to traffic: options of run and demo. */
final class AuditOptions {

  @Option(
      names = "--audit-file",
      paramLabel = "PATH",
      description =
          "Write audit records to this file, rotated by size, instead of stdout. The hash chain"
              + " runs on across rotation and restarts.")
  Path file;

  @Option(
      names = "--audit-max-size",
      paramLabel = "SIZE",
      defaultValue = "100MB",
      converter = SizeConverter.class,
      description =
          "Rotate the audit file when it would grow past this (default: ${DEFAULT-VALUE}).")
  long maxSize;

  @Option(
      names = "--audit-keep",
      paramLabel = "N",
      defaultValue = "10",
      description = "Rotated audit files kept (default: ${DEFAULT-VALUE}).")
  int keep;

  @Option(
      names = "--audit-mode",
      paramLabel = "MODE",
      defaultValue = "strict",
      description =
          "strict: refuse statements while the audit sink cannot write; best-effort: let them"
              + " through and count the lost records. The stricter of this and the policy's"
              + " spec.audit.mode applies (default: ${DEFAULT-VALUE}).")
  String mode;

  AuditMode mode(picocli.CommandLine commandLine) {
    return switch (mode.toLowerCase(Locale.ROOT)) {
      case "strict" -> AuditMode.STRICT;
      case "best-effort" -> AuditMode.BEST_EFFORT;
      default ->
          throw new ParameterException(
              commandLine, "--audit-mode must be strict or best-effort, not '" + mode + "'");
    };
  }

  AuditSink open(picocli.CommandLine commandLine) {
    if (file == null) {
      return JsonLinesAuditSink.stdout();
    }
    if (keep < 1) {
      throw new ParameterException(commandLine, "--audit-keep must be at least 1");
    }
    return new JsonLinesAuditSink(new RotatingFileAuditOutput(file, maxSize, keep));
  }

  /** What the sink writes to, for messages. */
  String describe() {
    return file == null ? "stdout" : file.toString();
  }
}
