package dev.palisade.sidecar.cli;

import dev.palisade.sidecar.warmup.WarmUp;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code warm-up}: the training run that makes a class-data sharing archive (see {@link WarmUp}). */
@Command(name = "warm-up", mixinStandardHelpOptions = true,
    description = {"Run a sidecar in front of a built-in stand-in MCP server on loopback, send a few rounds of MCP "
        + "traffic through it and stop. Made for class-data sharing at image build time:",
        "  java -XX:ArchiveClassesAtExit=palisade.jsa -jar palisade-sidecar.jar warm-up",
        "then start sidecars with -XX:SharedArchiveFile=palisade.jsa (same JDK and jar)."})
final class WarmUpCommand implements Callable<Integer> {
  @Option(names = "--rounds", defaultValue = "20", description = "Rounds of traffic (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Override
  public Integer call() throws Exception {
    WarmUp.Result result = WarmUp.run(Math.max(1, rounds));
    System.out.printf("warm-up: %d of %d exchanges answered through the sidecar%n", result.answered(), result.sent());
    return result.complete() ? 0 : 1;
  }
}
