package dev.palisade.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sorts the samples of an async-profiler collapsed-stack file ({@code --profile}) into the parts of
 * a proxy's work, so two proxies' windows can be compared part by part:
 * {@code java -cp bench/target/palisade-bench.jar dev.palisade.bench.CollapsedStacks FILE [requests]}.
 * With the number of requests served in the window it also prints microseconds of CPU per request
 * (one sample is {@link AsyncProfilerAgent#INTERVAL} of CPU).
 */
public final class CollapsedStacks {
  /** Part name and a frame that puts a stack in it; the first that matches wins. */
  private static final String[][] PARTS = {
      {"detection (message scanning)", "MessageScanner.detect"},
      {"policy", "PolicyEngine.decide"},
      {"JSON-RPC parse", "JsonRpcCodec.parse"},
      {"JSON-RPC encode", "JsonRpcCodec.encode"},
      {"context per message (ids, correlation)", "PayloadInspector.exchangeFor"},
      {"tool integrity", "ToolIntegrityInspector"},
      {"audit", "AuditLog"},
      {"metrics (Micrometer)", "micrometer"},
      {"socket writes (incl. kernel)", "NioSocketChannel.doWrite"},
      {"socket reads (incl. kernel)", "NioSocketChannel.doReadBytes"},
      {"HTTP/1.1 codec", "HttpObject"},
      {"event loop wait", "NioIoHandler.select"},
      {"JIT compiler", "CompileBroker"},
      {"garbage collection", "GCTask"},
      {"garbage collection", "VM_GenCollect"},
      {"garbage collection", "DefNewGeneration"},
      {"garbage collection", "GenCollectedHeap"},
  };

  private CollapsedStacks() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: CollapsedStacks FILE.collapsed [requests served in the window]");
      System.exit(2);
    }
    Map<String, Long> samples = parts(Path.of(args[0]));
    long total = samples.values().stream().mapToLong(Long::longValue).sum();
    long requests = args.length > 1 ? Long.parseLong(args[1]) : 0;
    double millisPerSample = Double.parseDouble(AsyncProfilerAgent.INTERVAL.replace("ms", ""));
    System.out.printf(Locale.ROOT, "%d samples%n", total);
    samples.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).forEach(part -> {
      String perRequest = requests > 0
          ? String.format(Locale.ROOT, "  %6.1f µs/request", part.getValue() * millisPerSample * 1000 / requests) : "";
      System.out.printf(Locale.ROOT, "%6.1f %%%s  %s%n", 100.0 * part.getValue() / total, perRequest, part.getKey());
    });
  }

  /** Samples per part of one file. */
  static Map<String, Long> parts(Path file) throws IOException {
    Map<String, Long> samples = new LinkedHashMap<>();
    try (BufferedReader lines = Files.newBufferedReader(file)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        int space = line.lastIndexOf(' ');
        if (space < 0) {
          continue;
        }
        String stack = line.substring(0, space);
        long count = Long.parseLong(line.substring(space + 1).trim());
        samples.merge(partOf(stack), count, Long::sum);
      }
    }
    return samples;
  }

  static String partOf(String stack) {
    for (String[] part : PARTS) {
      if (stack.contains(part[1])) {
        return part[0];
      }
    }
    return "other (HTTP proxying, Vert.x, Netty)";
  }
}
