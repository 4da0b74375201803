package dev.palisade.sidecar.cli;

import dev.palisade.sidecar.proxy.SidecarServer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code palisade-sidecar.jar}. */
@Command(
    name = "palisade-sidecar",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "MCP-aware security proxy: scans Model Context Protocol traffic in both directions and enforces policy.")
public final class PalisadeCommand implements Runnable {
  /**
   * The commands, in the order help lists them. Picocli builds a command's model by reflection over
   * its annotations; a sidecar's start builds only the command it runs (the others cost ~60 ms).
   */
  private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("proxy", ProxyCommand::new);
    COMMANDS.put("pins", PinsCommand::new);
    COMMANDS.put("scan", ScanCommand::new);
    COMMANDS.put("evaluate", EvaluateCommand::new);
    COMMANDS.put("warm-up", WarmUpCommand::new);
    COMMANDS.put("help", CommandLine.HelpCommand::new);
  }

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (proxy, pins, scan, evaluate, warm-up)");
  }

  public static void main(String[] args) {
    // Netty looks for Flight Recorder at its first use and, finding it, loads about a hundred JFR
    // classes for events nobody here records; a user who wants them can still set the property.
    if (System.getProperty(NETTY_JFR) == null) {
      System.setProperty(NETTY_JFR, "false");
    }
    if (args.length > 0 && (args[0].equals("proxy") || args[0].equals("warm-up"))) {
      // the detection engine is most of a proxy's start and needs nothing from the command line
      SidecarServer.defaultEngine();
    }
    System.exit(commandLine(args).execute(args));
  }

  private static final String NETTY_JFR = "io.netty.jfr.enabled";

  /** The command line with every command. */
  static CommandLine commandLine() {
    return commandLine(new String[0]);
  }

  /**
   * The command line for {@code args}: when they start with a command other than help, with that
   * command alone (its usage and errors read the same); else with all of them, for help and for
   * errors that list them.
   */
  static CommandLine commandLine(String[] args) {
    CommandLine line = new CommandLine(new PalisadeCommand());
    String first = args.length > 0 ? args[0] : "";
    if (COMMANDS.containsKey(first) && !first.equals("help")) {
      line.addSubcommand(first, COMMANDS.get(first).get());
    } else {
      COMMANDS.forEach((name, command) -> line.addSubcommand(name, command.get()));
    }
    return line.setCaseInsensitiveEnumValuesAllowed(true); // reaches the commands added before it only
  }
}
