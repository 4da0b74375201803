package dev.palisade.sidecar.cli;

import dev.palisade.integrity.ToolPin;
import dev.palisade.sidecar.pins.PinFile;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pins}: list and approve tool pins in a standalone pin file. */
@Command(name = "pins", mixinStandardHelpOptions = true,
    description = "List or approve tool definition pins in a pin file.",
    subcommands = {PinsCommand.List.class, PinsCommand.Approve.class})
final class PinsCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (list, approve)");
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Show every pinned tool and whether it is approved.")
  static final class List implements Callable<Integer> {
    @Option(names = "--pins", required = true, paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() {
      PinFile pins = new PinFile(file);
      if (!pins.exists()) {
        System.err.println("no pin file at " + file);
        return 1;
      }
      System.out.printf("%-16s %-32s %-9s %s%n", "SERVER", "TOOL", "STATE", "OBSERVED HASH");
      pins.read().forEach((server, tools) -> tools.values().forEach(pin ->
          System.out.printf("%-16s %-32s %-9s %s%n", server, pin.tool(), state(pin), pin.observedHash())));
      return 0;
    }
  }

  @Command(name = "approve", mixinStandardHelpOptions = true,
      description = "Approve the observed definition of tools; a running sidecar picks the approval up within seconds.")
  static final class Approve implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--pins", required = true, paramLabel = "FILE")
    Path file;

    @Option(names = "--server", description = "Only this server (default: every server).")
    String server;

    @Option(names = "--tool", description = "Only this tool.")
    String tool;

    @Option(names = "--all", description = "Every pending tool (required when --tool is not given).")
    boolean all;

    @Override
    public Integer call() {
      if (tool == null && !all) {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a --tool or pass --all");
      }
      PinFile pins = new PinFile(file);
      Map<String, Map<String, ToolPin>> servers = pins.read();
      int approved = 0;
      for (Map.Entry<String, Map<String, ToolPin>> entry : servers.entrySet()) {
        if (server != null && !server.equals(entry.getKey())) {
          continue;
        }
        for (Map.Entry<String, ToolPin> pin : entry.getValue().entrySet()) {
          ToolPin current = pin.getValue();
          if ((tool == null || tool.equals(pin.getKey())) && !current.approved() && current.observedHash() != null) {
            pin.setValue(current.approve(current.observedHash()));
            System.out.printf("approved %s/%s %s%n", entry.getKey(), pin.getKey(), current.observedHash());
            approved++;
          }
        }
      }
      if (approved == 0) {
        System.err.println("nothing to approve");
        return 1;
      }
      pins.write(servers);
      return 0;
    }
  }

  static String state(ToolPin pin) {
    if (pin.removed()) {
      return "removed";
    }
    return pin.approved() ? "approved" : "pending";
  }
}
