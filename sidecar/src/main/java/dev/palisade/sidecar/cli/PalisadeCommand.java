package dev.palisade.sidecar.cli;

import dev.palisade.sidecar.proxy.SidecarServer;
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
    // Netty looks for Flight Recorder at its first use and, finding it, loads about a hundred JFR
    // classes for events nobody here records; a user who wants them can still set the property.
    if (System.getProperty(NETTY_JFR) == null) {
      System.setProperty(NETTY_JFR, "false");
    }
    if (args.length > 0 && args[0].equals("proxy")) {
      // the detection engine is most of a proxy's start and needs nothing from the command line
      SidecarServer.defaultEngine();
    }
    System.exit(commandLine().execute(args));
  }

  private static final String NETTY_JFR = "io.netty.jfr.enabled";

  static CommandLine commandLine() {
    return new CommandLine(new PalisadeCommand()).setCaseInsensitiveEnumValuesAllowed(true);
  }
}
