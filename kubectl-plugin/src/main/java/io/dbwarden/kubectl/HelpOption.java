package io.dbwarden.kubectl;

import picocli.CommandLine.Option;

/** {@code -h}/{@code --help} on every command (the plugin has no version of its own to print). */
public final class HelpOption {

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;
}
