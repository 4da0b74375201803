package dev.palisade.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * What one run measures and for how long. Defaults take about two and a half minutes; {@code --quick}
 * about half a minute.
 *
 * @param measure measurement window of each cell
 * @param warmup unmeasured load before each cell's window
 * @param jitWarmup unmeasured load on every target before the first cell, so early cells are not interpreted
 * @param maxRequestsPerCell stops a cell early if it gets this many answers
 * @param configs targets to measure, a subset of direct, plain-proxy, palisade
 * @param firstEventSamples measured streams per target for time to first SSE event
 * @param finalEventDelayMs how long the upstream holds the final event of those streams
 */
record BenchmarkOptions(Duration measure, Duration warmup, Duration jitWarmup, long maxRequestsPerCell,
    List<Integer> payloadSizes, List<AnswerType> answerTypes, List<Integer> concurrencyLevels, List<String> configs,
    int firstEventWarmupSamples, int firstEventSamples, long finalEventDelayMs, Path output, boolean quick) {

  static final String USAGE = "usage: java -jar bench/target/palisade-bench.jar [--duration-seconds N] [--quick]"
      + " [--configs direct,plain-proxy,palisade] [--output bench/results/latest.md]";

  static BenchmarkOptions parse(String... args) {
    boolean quick = false;
    Double durationSeconds = null;
    List<String> configs = List.of(BenchTarget.DIRECT, BenchTarget.PLAIN_PROXY, BenchTarget.PALISADE);
    Path output = Path.of("bench", "results", "latest.md");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--duration-seconds" -> durationSeconds = Double.parseDouble(value(args, ++i));
        case "--configs" -> configs = Arrays.stream(value(args, ++i).split(",")).map(String::trim).toList();
        case "--output" -> output = Path.of(value(args, ++i));
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
      }
    }
    double measureSeconds = durationSeconds != null ? durationSeconds : quick ? 0.5 : 3.0;
    Duration measure = Duration.ofMillis((long) (measureSeconds * 1000));
    Duration warmup = quick ? Duration.ofMillis(200) : Duration.ofMillis(Math.max(500, measure.toMillis() / 3));
    Duration jitWarmup = quick ? Duration.ofMillis(400) : Duration.ofSeconds(1);
    return new BenchmarkOptions(measure, warmup, jitWarmup, 2_000_000, List.of(1024, 64 * 1024),
        List.of(AnswerType.JSON, AnswerType.SSE), List.of(1, 16, 64), configs,
        quick ? 3 : 5, quick ? 10 : 30, 100, output, quick);
  }

  private static String value(String[] args, int index) {
    if (index >= args.length) {
      throw new IllegalArgumentException(args[index - 1] + " needs a value\n" + USAGE);
    }
    return args[index];
  }
}
