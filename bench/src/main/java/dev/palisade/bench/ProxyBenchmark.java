package dev.palisade.bench;

import dev.palisade.sidecar.config.SidecarConfig;
import dev.palisade.sidecar.proxy.SidecarServer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures, in one run on loopback, what the sidecar costs: {@code tools/call} round trips straight
 * to an MCP server, through a plain Vert.x reverse proxy, and through Palisade, over a matrix of
 * payload sizes, answer types and concurrency levels, plus time to first SSE event. Prints a
 * Markdown table and writes it to a results file. Reports figures; never fails.
 *
 * <p>Everything runs in this JVM, each part on its own Vert.x instance: the load generator on one
 * event loop, the upstream on one, the plain proxy and the sidecar on one listener per core each.
 */
public final class ProxyBenchmark {
  private final BenchmarkOptions options;
  private final AtomicLong requestIds = new AtomicLong();

  ProxyBenchmark(BenchmarkOptions options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    BenchmarkOptions options;
    try {
      options = BenchmarkOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    String report = new ProxyBenchmark(options).run();
    System.out.println(report);
    Path output = options.output().toAbsolutePath();
    Files.createDirectories(output.getParent());
    Files.writeString(output, report);
    System.err.println("written to " + output);
    System.exit(0);
  }

  String run() throws Exception {
    Path auditDirectory = Files.createTempDirectory("palisade-bench");
    Path auditFile = auditDirectory.resolve("audit.jsonl");
    Vertx clientVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    try (McpUpstreamServer upstream = new McpUpstreamServer(precomputedAnswers());
        PlainReverseProxy plainProxy = new PlainReverseProxy(await(upstream.start()));
        SidecarServer sidecar = SidecarServer.create(SidecarConfig.defaults(
            URI.create("http://127.0.0.1:" + upstream.port() + McpUpstreamServer.PATH)).withFiles(null, auditFile))) {
      await(plainProxy.start());
      await(sidecar.start());
      List<BenchTarget> targets = targets(upstream.port(), plainProxy.port(), sidecar.port());
      ClosedLoopLoad load = new ClosedLoopLoad(clientVertx, requestIds);
      warmUpJit(load, targets);
      List<CellResult> cells = measureMatrix(load, targets);
      List<FirstEventResult> streams = measureFirstEvents(new FirstEventProbe(clientVertx, requestIds), targets);
      return MarkdownReport.render(options, environment(), cells, streams);
    } finally {
      clientVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      Files.deleteIfExists(auditFile);
      Files.deleteIfExists(auditDirectory);
    }
  }

  private ToolCallAnswers precomputedAnswers() {
    List<Integer> sizes = new ArrayList<>(options.payloadSizes());
    sizes.add(McpUpstreamServer.SLOW_STREAM_TEXT_BYTES);
    return new ToolCallAnswers(sizes);
  }

  private List<BenchTarget> targets(int upstreamPort, int plainProxyPort, int sidecarPort) {
    List<BenchTarget> all = List.of(new BenchTarget(BenchTarget.DIRECT, upstreamPort),
        new BenchTarget(BenchTarget.PLAIN_PROXY, plainProxyPort), new BenchTarget(BenchTarget.PALISADE, sidecarPort));
    return all.stream().filter(target -> options.configs().contains(target.name())).toList();
  }

  /** Unmeasured load on every code path first, so the first measured cells do not run interpreted code. */
  private void warmUpJit(ClosedLoopLoad load, List<BenchTarget> targets) throws Exception {
    progress("warming up the JIT for %d ms per target and answer type", options.jitWarmup().toMillis());
    for (BenchTarget target : targets) {
      for (AnswerType answer : options.answerTypes()) {
        for (int size : options.payloadSizes()) {
          load.run(target, size, answer, 16, Duration.ZERO, options.jitWarmup().dividedBy(options.payloadSizes().size()),
              options.maxRequestsPerCell());
        }
      }
    }
  }

  /** Targets are interleaved within each cell, so noise from neighbours on the machine hits them alike. */
  private List<CellResult> measureMatrix(ClosedLoopLoad load, List<BenchTarget> targets) throws Exception {
    List<CellResult> cells = new ArrayList<>();
    for (int size : options.payloadSizes()) {
      for (AnswerType answer : options.answerTypes()) {
        for (int concurrency : options.concurrencyLevels()) {
          for (BenchTarget target : targets) {
            CellResult cell = load.run(target, size, answer, concurrency, options.warmup(), options.measure(),
                options.maxRequestsPerCell());
            progress("%-11s %6d B %-4s c=%-3d p50 %s ms  p99 %s ms  %8.0f req/s  errors %d", target.name(), size,
                answer.argument, concurrency, LatencyHistograms.millis(cell.p50Micros()),
                LatencyHistograms.millis(cell.p99Micros()), cell.requestsPerSecond(), cell.errors());
            cells.add(cell);
          }
        }
      }
    }
    return cells;
  }

  private List<FirstEventResult> measureFirstEvents(FirstEventProbe probe, List<BenchTarget> targets) throws Exception {
    List<FirstEventResult> streams = new ArrayList<>();
    for (BenchTarget target : targets) {
      FirstEventResult stream = probe.run(target, options.firstEventWarmupSamples(), options.firstEventSamples(),
          options.finalEventDelayMs());
      progress("%-11s first SSE event p50 %s ms, whole stream p50 %s ms", target.name(),
          LatencyHistograms.millis(stream.firstEventMicros().getValueAtPercentile(50)),
          LatencyHistograms.millis(stream.completeMicros().getValueAtPercentile(50)));
      streams.add(stream);
    }
    return streams;
  }

  private String environment() {
    Runtime runtime = Runtime.getRuntime();
    return String.format(Locale.ROOT, "Run %s on %d cores, %s %s, max heap %d MiB%s. All parts share one JVM on "
            + "127.0.0.1, each with its own Vert.x instance: load generator (1 event loop), upstream MCP server "
            + "(1 event loop), plain Vert.x reverse proxy and Palisade sidecar (one listener per core each; the "
            + "sidecar with its default inspectors, auditing to a temp file).",
        Instant.now().truncatedTo(ChronoUnit.SECONDS), runtime.availableProcessors(),
        System.getProperty("java.vm.name"), System.getProperty("java.version"), runtime.maxMemory() / (1024 * 1024),
        options.quick() ? ", --quick" : "");
  }

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static void progress(String format, Object... args) {
    System.err.println(String.format(Locale.ROOT, format, args));
  }
}
