package dev.palisade.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * What one run measures and for how long. Defaults take about four minutes; {@code --quick} about one.
 *
 * @param measure measurement window of each closed-loop cell
 * @param warmup unmeasured load before each cell's window
 * @param jitWarmup unmeasured load on every target before the first cell, so early cells are not interpreted
 * @param fixedRateMeasure measured window of the fixed-rate run (its warmup: {@link #fixedRateWarmup()})
 * @param saturationMeasure measured window of the saturation run
 * @param configs targets to measure, a subset of direct, nginx, plain-proxy, palisade
 * @param coldStartRuns sidecar starts per JVM flag variant
 * @param proxyFlags JVM flags of the Java proxies (the sidecar and the plain Vert.x proxy); empty until
 *     resolved to the options shipped in the sidecar jar
 * @param idleMemoryOnly run only the memory part ({@link IdleMemory}) and print its figures
 * @param profileDir when set, the Java proxies run under async-profiler ({@link AsyncProfilerAgent}) writing there
 */
record BenchmarkOptions(Duration measure, Duration warmup, Duration jitWarmup, Duration fixedRateMeasure,
    Duration saturationMeasure, long maxRequestsPerCell, List<Integer> payloadSizes, List<AnswerType> answerTypes,
    List<Integer> concurrencyLevels, List<String> configs, int firstEventWarmupSamples, int firstEventSamples,
    long finalEventDelayMs, int idleSessions, int coldStartRuns, Path sidecarJar, Path policy, Path output,
    Path chart, boolean quick, List<String> proxyFlags, boolean idleMemoryOnly, Path profileDir) {

  static final int FIXED_RATE = 1_000;
  static final int FIXED_RATE_PAYLOAD = 4 * 1024;
  static final int SATURATION_PAYLOAD = 4 * 1024;
  static final int SATURATION_CONCURRENCY = 64;

  static final String USAGE = "usage: java -jar bench/target/palisade-bench.jar [--quick] [--duration-seconds N]"
      + " [--configs direct,nginx,plain-proxy,palisade] [--sidecar-jar sidecar/target/palisade-sidecar.jar]"
      + " [--policy bench/policy/realistic-policy.yaml] [--output bench/results/latest.md]"
      + " [--chart bench/results/latency.png] [--payloads-kib 1,16,256] [--jvm-flags \"-Xmx96m ...\"]"
      + " [--idle-memory] [--profile DIR]";

  static BenchmarkOptions parse(String... args) {
    boolean quick = false;
    Double durationSeconds = null;
    List<String> configs = BenchTarget.ALL;
    Path output = Path.of("bench", "results", "latest.md");
    Path chart = null;
    Path sidecarJar = Path.of("sidecar", "target", "palisade-sidecar.jar");
    Path policy = Path.of("bench", "policy", "realistic-policy.yaml");
    List<Integer> payloads = List.of(1024, 16 * 1024, 256 * 1024);
    List<String> proxyFlags = List.of();
    boolean idleMemoryOnly = false;
    Path profileDir = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--duration-seconds" -> durationSeconds = Double.parseDouble(value(args, ++i));
        case "--configs" -> configs = Arrays.stream(value(args, ++i).split(",")).map(String::trim).toList();
        case "--output" -> output = Path.of(value(args, ++i));
        case "--chart" -> chart = Path.of(value(args, ++i));
        case "--sidecar-jar" -> sidecarJar = Path.of(value(args, ++i));
        case "--policy" -> policy = Path.of(value(args, ++i));
        case "--jvm-flags" -> proxyFlags = Arrays.stream(value(args, ++i).trim().split("\\s+")).toList();
        case "--idle-memory" -> idleMemoryOnly = true;
        case "--profile" -> profileDir = Path.of(value(args, ++i));
        case "--payloads-kib" -> payloads = Arrays.stream(value(args, ++i).split(","))
            .map(kib -> Integer.parseInt(kib.trim()) * 1024).toList();
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
      }
    }
    if (!configs.contains(BenchTarget.DIRECT)) {
      configs = new java.util.ArrayList<>(configs);
      configs.add(0, BenchTarget.DIRECT);
    }
    if (chart == null) {
      chart = output.resolveSibling("latency.png");
    }
    double measureSeconds = durationSeconds != null ? durationSeconds : quick ? 0.3 : 1.5;
    Duration measure = Duration.ofMillis((long) (measureSeconds * 1000));
    Duration warmup = quick ? Duration.ofMillis(200) : Duration.ofMillis(Math.max(500, measure.toMillis() / 3));
    Duration jitWarmup = quick ? Duration.ofMillis(600) : Duration.ofSeconds(3);
    return new BenchmarkOptions(measure, warmup, jitWarmup, quick ? Duration.ofSeconds(2) : Duration.ofSeconds(6),
        quick ? Duration.ofSeconds(1) : Duration.ofSeconds(3), 2_000_000,
        payloads, List.of(AnswerType.JSON, AnswerType.SSE), List.of(1, 16, 64), configs,
        quick ? 3 : 5, quick ? 10 : 30, 100, 1_000, quick ? 1 : 3, sidecarJar, policy, output, chart, quick,
        proxyFlags, idleMemoryOnly, profileDir);
  }

  /**
   * Unmeasured load at the fixed rate before its window: the first seconds at a new connection count
   * and pacing still compile code in the proxies (the sidecar's first window read p99 3.3 ms, the
   * next ones 0.5 to 0.7 ms).
   */
  Duration fixedRateWarmup() {
    Duration doubled = warmup.multipliedBy(2);
    return quick || doubled.compareTo(Duration.ofSeconds(3)) >= 0 ? doubled : Duration.ofSeconds(3);
  }

  BenchmarkOptions withProxyFlags(List<String> flags) {
    return new BenchmarkOptions(measure, warmup, jitWarmup, fixedRateMeasure, saturationMeasure, maxRequestsPerCell,
        payloadSizes, answerTypes, concurrencyLevels, configs, firstEventWarmupSamples, firstEventSamples,
        finalEventDelayMs, idleSessions, coldStartRuns, sidecarJar, policy, output, chart, quick, List.copyOf(flags),
        idleMemoryOnly, profileDir);
  }

  private static String value(String[] args, int index) {
    if (index >= args.length) {
      throw new IllegalArgumentException(args[index - 1] + " needs a value\n" + USAGE);
    }
    return args[index];
  }
}
