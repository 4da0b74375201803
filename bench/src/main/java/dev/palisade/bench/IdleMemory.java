package dev.palisade.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory part of the benchmark on its own ({@code --idle-memory}, about a minute): the sidecar
 * with the given JVM flags runs the benchmark's load mix (every payload size and answer type at 16
 * clients, then 4 KiB at 64 clients), so heap, code cache and buffers grow as in a full run; then
 * 1,000 idle SSE sessions are opened. Prints the sidecar's RSS before them, 1.5 s after they opened
 * and once they have been idle a while. When the flags turn native memory tracking on, it also prints
 * the JVM's own account ({@code jcmd VM.native_memory summary}, heap and class histograms); each
 * histogram runs a full collection, so the RSS readings of such a run are not comparable to others.
 */
final class IdleMemory {
  /** How long the sessions stay idle before the second reading (periodic trims and collections act by then). */
  private static final Duration SETTLE = Duration.ofSeconds(20);
  private final BenchmarkOptions options;
  private final AtomicLong requestIds = new AtomicLong();

  IdleMemory(BenchmarkOptions options) {
    this.options = options;
  }

  void run() throws Exception {
    Path workDir = Files.createTempDirectory("palisade-bench-memory");
    Vertx clientVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    try (McpUpstreamServer upstream = new McpUpstreamServer(new ToolCallAnswers(loadSizes()));
        ProxyProcess sidecar = ProxyProcess.sidecar(options.sidecarJar(), options.proxyFlags(),
            upstream.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS), options.policy(),
            workDir)) {
      ProxyBenchmark.progress("sidecar pid %d, flags %s", sidecar.pid(), String.join(" ", options.proxyFlags()));
      long ready = sidecar.rssBytes();
      BenchTarget target = new BenchTarget(BenchTarget.PALISADE, sidecar.port());
      ClosedLoopLoad load = new ClosedLoopLoad(clientVertx, requestIds);
      for (int size : options.payloadSizes()) {
        for (AnswerType answer : options.answerTypes()) {
          if (size < ProxyBenchmark.LARGE_PAYLOAD || answer == AnswerType.JSON) {
            load.run(target, size, answer, 16, Duration.ZERO, options.measure(), options.maxRequestsPerCell());
          }
        }
      }
      load.run(target, BenchmarkOptions.SATURATION_PAYLOAD, AnswerType.JSON, BenchmarkOptions.SATURATION_CONCURRENCY,
          Duration.ZERO, options.saturationMeasure(), 10_000_000);
      long loaded = sidecar.rssBytes();
      boolean diagnose = options.proxyFlags().stream().anyMatch(flag -> flag.startsWith("-XX:NativeMemoryTracking="));
      if (diagnose) {
        System.out.println("after load, before the idle sessions:");
        System.out.println(histogram(sidecar.pid()));
      }
      try (IdleStreams streams = new IdleStreams(clientVertx, options.idleSessions())) {
        int opened = streams.open(target, options.idleSessions(), "memory");
        Thread.sleep(1500);
        long with = sidecar.rssBytes();
        Thread.sleep(SETTLE.toMillis());
        long settled = sidecar.rssBytes();
        System.out.printf("sidecar RSS: %d MiB ready, %d MiB after load, %d MiB with %d idle sessions (%d failed), "
                + "%d MiB after %d s more idle; peak %d MiB%n", mib(ready), mib(loaded), mib(with), opened, streams.failed(),
            mib(settled), SETTLE.toSeconds(), mib(sidecar.peakRssBytes()));
        if (diagnose) {
          System.out.println(jcmd(sidecar.pid(), "VM.native_memory", "summary"));
          System.out.println(jcmd(sidecar.pid(), "GC.heap_info"));
          System.out.println("with the idle sessions:");
          System.out.println(histogram(sidecar.pid()));
          System.out.println(jcmd(sidecar.pid(), "GC.heap_info"));
        }
      }
    } finally {
      clientVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      ProxyBenchmark.deleteTree(workDir);
    }
  }

  /** The 40 largest classes by live bytes (jcmd runs a full collection first). */
  private static String histogram(long pid) throws InterruptedException {
    return jcmd(pid, "GC.class_histogram").lines().limit(43).collect(java.util.stream.Collectors.joining("\n"));
  }

  private List<Integer> loadSizes() {
    List<Integer> sizes = new ArrayList<>(options.payloadSizes());
    sizes.add(BenchmarkOptions.SATURATION_PAYLOAD);
    return sizes;
  }

  private static long mib(long bytes) {
    return bytes / (1024 * 1024);
  }

  /** The output of {@code jcmd PID command...} from the JDK running the benchmark, or why it could not run. */
  private static String jcmd(long pid, String... command) throws InterruptedException {
    List<String> args = new ArrayList<>();
    args.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    args.add(Long.toString(pid));
    args.addAll(List.of(command));
    try {
      Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      process.waitFor(30, TimeUnit.SECONDS);
      return output;
    } catch (IOException e) {
      return "jcmd failed: " + e.getMessage();
    }
  }
}
