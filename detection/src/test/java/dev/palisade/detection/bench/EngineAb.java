package dev.palisade.detection.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A/B of two builds' scan engines in one JVM, for a shared machine whose speed drifts by tens of
 * percent within minutes: each jar gets its own class loader, and the two take turns in half-second
 * rounds of CPU time, so both see the same host. Prints the median and minimum of the last two
 * thirds of the rounds per jar, and the median ratio of the two in the same round (rounds next to each
 * other see the same host, so the ratio is the steadier figure); the two take turns going first.
 *
 * <pre>
 * java -Dpalisade.corpora=../shared/corpora -cp detection/target/test-classes:sidecar/target/palisade-sidecar.jar \
 *   dev.palisade.detection.bench.EngineAb OLD/palisade-sidecar.jar NEW/palisade-sidecar.jar [rounds] [chars]
 * </pre>
 *
 * The text is {@link BenignText#of} of {@code chars} characters (default 64 KiB): real tool
 * descriptions when {@code palisade.corpora} is set, synthetic prose otherwise; with {@code strings}
 * instead of a length, every string of the real tool definitions scanned one by one, as the sidecar
 * scans a listing ({@link BenignText#definitionStrings}), timed per pass over all of them (the jar on the class
 * path provides the JSON library it reads them with; the engines measured come from the two jars
 * named). Not a test; a measuring tool, like {@link ScanBenchmark}.
 */
public final class EngineAb {
  private EngineAb() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: EngineAb OLD.jar NEW.jar [rounds, default 20] [chars, default 65536, or 'strings']");
      System.exit(2);
    }
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    boolean oneByOne = args.length > 3 && args[3].equals("strings");
    int chars = args.length > 3 && !oneByOne ? Integer.parseInt(args[3]) : 64 * 1024;
    List<String> texts = oneByOne ? BenignText.definitionStrings() : List.of(BenignText.of(chars));
    long totalChars = texts.stream().mapToLong(String::length).sum();
    URL testClasses = EngineAb.class.getProtectionDomain().getCodeSource().getLocation();
    Object[] engines = new Object[2];
    Method[] scans = new Method[2];
    for (int k = 0; k < 2; k++) {
      // the jar first: its engine classes, not the ones next to this tool, are the ones measured
      URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(args[k]).toUri().toURL(), testClasses},
          ClassLoader.getPlatformClassLoader());
      Class<?> detection = loader.loadClass("dev.palisade.detection.engine.DetectionEngine");
      Object limits = loader.loadClass("dev.palisade.detection.engine.ScanLimits").getMethod("defaults").invoke(null);
      Method factory = Arrays.stream(detection.getMethods())
          .filter(m -> m.getName().equals("scanEngine") && m.getParameterCount() == 2).findFirst().orElseThrow();
      engines[k] = factory.invoke(null, null, limits);
      scans[k] = engines[k].getClass().getMethod("scan", String.class);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[][] micros = new double[2][rounds];
    for (int round = 0; round < rounds; round++) {
      for (int turn = 0; turn < 2; turn++) {
        int k = (turn + round) % 2; // each goes first every other round: neither gains from its place
        long start = threads.getCurrentThreadCpuTime();
        long done = 0;
        while (threads.getCurrentThreadCpuTime() - start < 500_000_000L) {
          for (String text : texts) {
            scans[k].invoke(engines[k], text);
          }
          done++;
        }
        micros[k][round] = (threads.getCurrentThreadCpuTime() - start) / 1e3 / done;
      }
    }
    double[] ratios = new double[rounds - rounds / 3];
    for (int round = rounds / 3; round < rounds; round++) {
      ratios[round - rounds / 3] = micros[1][round] / micros[0][round];
    }
    Arrays.sort(ratios);
    for (int k = 0; k < 2; k++) {
      double[] settled = Arrays.copyOfRange(micros[k], rounds / 3, rounds); // the first third warms the JIT
      Arrays.sort(settled);
      double median = settled[settled.length / 2];
      System.out.printf("%s: median %.1f µs, min %.1f µs per %d strings of %d characters (%.0f MB/s at the median)%n", args[k], median,
          settled[0], texts.size(), totalChars, totalChars / median);
    }
    // rounds next to each other share the host's mood: their ratio is steadier than either median
    System.out.printf("NEW / OLD per round: median %.3f, middle half %.3f to %.3f%n", ratios[ratios.length / 2], ratios[ratios.length / 4],
        ratios[ratios.length * 3 / 4]);
  }
}
