package dev.palisade.sidecar.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code palisade-sidecar.jar}. */
@Command(
    name = "palisade-sidecar",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "MCP-aware security proxy: scans Model Context Protocol traffic in both directions and enforces policy.",
    subcommands = {ProxyCommand.class, PinsCommand.class, ScanCommand.class, EvaluateCommand.class, CommandLine.HelpCommand.class})
public final class PalisadeCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (proxy, pins, scan, evaluate)");
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new PalisadeCommand()).setCaseInsensitiveEnumValuesAllowed(true);
  }
}
