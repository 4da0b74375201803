package dev.palisade.bench;

import dev.palisade.sidecar.cli.JvmOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures, in one run on loopback, what the sidecar costs. The same workloads run straight against
 * a stand-in MCP server ({@code direct}), through nginx ({@code nginx}), through a plain Vert.x
 * reverse proxy ({@code plain-proxy}) and through the Palisade sidecar ({@code palisade}, every
 * detector plus a realistic policy). The proxies are child processes, so their CPU and RSS come
 * from procfs. Workloads: closed-loop {@code tools/call} round trips over payload × answer type ×
 * concurrency, a schedule-based fixed rate (no coordinated omission), a saturation run, time to
 * first SSE event, 1,000 idle sessions, and the sidecar's cold start under several JVM flag sets.
 * Writes a Markdown report and a PNG chart. Reports figures; never fails a build.
 */
public final class ProxyBenchmark {
  /**
   * 256 KiB runs only as JSON at 1 and 16 clients: the sidecar's detectors take about 170 ms per
   * 256 KiB message on this machine, so 64 clients or SSE at that size would take minutes.
   */
  static final int LARGE_PAYLOAD = 256 * 1024;

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
    if (!Files.isRegularFile(options.sidecarJar())) {
      System.err.println(options.sidecarJar() + " not found: run `mvn -B -q -pl bench -am package -DskipTests` "
          + "from the repository root, and run the benchmark from there");
      System.exit(2);
    }
    if (options.proxyFlags().isEmpty()) {
      // the sidecar's own production options (and the plain proxy gets the same, for a fair comparison)
      options = options.withProxyFlags(JvmOptions.of(options.sidecarJar()));
    }
    if (options.idleMemoryOnly()) {
      new IdleMemory(options).run();
      System.exit(0);
    }
    RunResults results = new ProxyBenchmark(options).run();
    String report = MarkdownReport.render(options, results);
    System.out.println(report);
    Path output = options.output().toAbsolutePath();
    Files.createDirectories(output.getParent());
    Files.writeString(output, report);
    LatencyChart.write(options.chart(), chartPanels(results));
    System.err.println("written to " + output + " and " + options.chart().toAbsolutePath());
    System.exit(0);
  }

  RunResults run() throws Exception {
    long started = System.nanoTime();
    String loadBefore = loadAverage();
    Path workDir = Files.createTempDirectory("palisade-bench");
    Vertx clientVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    Map<String, ProxyProcess> proxies = new LinkedHashMap<>();
    MachineSpeed speed = new MachineSpeed();
    speed.probe("at the start");
    try (McpUpstreamServer upstream = new McpUpstreamServer(precomputedAnswers())) {
      int upstreamPort = await(upstream.start());
      List<RunResults.ColdStart> coldStarts = measureColdStarts(upstreamPort, workDir);
      List<String> sidecarFlags = new ArrayList<>(options.proxyFlags());
      Path archive = workDir.resolve("palisade.jsa");
      if (Files.isRegularFile(archive)) {
        sidecarFlags.add("-XX:SharedArchiveFile=" + archive);
      }
      List<BenchTarget> targets = new ArrayList<>();
      for (String name : options.configs()) {
        ProxyProcess proxy = switch (name) {
          case BenchTarget.DIRECT -> null;
          case BenchTarget.NGINX -> {
            Path nginx = NginxConfig.findOrInstall();
            if (nginx == null) {
              progress("nginx unavailable and could not be installed; skipping it");
              yield null;
            }
            yield ProxyProcess.nginx(nginx, upstreamPort, workDir);
          }
          case BenchTarget.PLAIN_PROXY -> ProxyProcess.plainVertx(profiled(options.proxyFlags(), name), upstreamPort,
              workDir);
          case BenchTarget.PALISADE -> ProxyProcess.sidecar(options.sidecarJar(), profiled(sidecarFlags, name),
              upstreamPort, options.policy(), workDir);
          default -> throw new IllegalArgumentException("unknown config " + name);
        };
        if (name.equals(BenchTarget.DIRECT)) {
          targets.add(new BenchTarget(name, upstreamPort));
        } else if (proxy != null) {
          proxies.put(name, proxy);
          targets.add(new BenchTarget(name, proxy.port()));
          progress("%s pid %d on port %d", name, proxy.pid(), proxy.port());
        }
      }
      ClosedLoopLoad load = new ClosedLoopLoad(clientVertx, requestIds);
      warmUpJit(load, targets);
      speed.probe("after the warm-up");
      List<CellResult> matrix = measureMatrix(load, targets, proxies);
      speed.probe("after the closed-loop matrix");
      List<CellResult> fixed = measureFixedRate(new FixedRateLoad(clientVertx, requestIds), targets, proxies);
      speed.probe("after the fixed-rate run");
      List<CellResult> saturation = measureSaturation(load, targets, proxies);
      List<FirstEventResult> streams = measureFirstEvents(new FirstEventProbe(clientVertx, requestIds), targets);
      List<RunResults.IdleResult> idle = measureIdleSessions(clientVertx, targets, proxies);
      speed.probe("at the end");
      ProxyProcess sidecar = proxies.get(BenchTarget.PALISADE);
      long peak = sidecar == null ? -1 : sidecar.peakRssBytes();
      double minutes = (System.nanoTime() - started) / 60e9;
      return new RunResults(environment(loadBefore, minutes, speed), sidecarFlags, matrix, fixed, saturation, streams, idle,
          coldStarts, peak);
    } finally {
      proxies.values().forEach(ProxyProcess::close);
      clientVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      deleteTree(workDir);
    }
  }

  private ToolCallAnswers precomputedAnswers() {
    List<Integer> sizes = new ArrayList<>(options.payloadSizes());
    sizes.add(McpUpstreamServer.SLOW_STREAM_TEXT_BYTES);
    sizes.add(BenchmarkOptions.FIXED_RATE_PAYLOAD);
    sizes.add(BenchmarkOptions.SATURATION_PAYLOAD);
    return new ToolCallAnswers(sizes);
  }

  /**
   * Sidecar process start until /readyz answers 200, with the proxy flags alone, with AppCDS (an
   * archive dumped at the exit of the sidecar's own {@code warm-up} run, as an image build would make
   * it), with C1 only, and with both.
   */
  private List<RunResults.ColdStart> measureColdStarts(int upstreamPort, Path workDir) throws Exception {
    Path archive = workDir.resolve("palisade.jsa");
    List<String> dump = new ArrayList<>();
    dump.add(ProxyProcess.javaBinary());
    dump.addAll(options.proxyFlags());
    dump.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off,cds+dynamic=off",
        "-jar", options.sidecarJar().toString(), "warm-up"));
    Process warmUp = new ProcessBuilder(dump).redirectErrorStream(true)
        .redirectOutput(workDir.resolve("warm-up.log").toFile()).start();
    if (!warmUp.waitFor(120, TimeUnit.SECONDS) || warmUp.exitValue() != 0) {
      warmUp.destroyForcibly();
      progress("warm-up run failed (see %s)", workDir.resolve("warm-up.log"));
    }
    boolean haveArchive = Files.isRegularFile(archive);
    progress("AppCDS archive %s", haveArchive ? Files.size(archive) / (1024 * 1024) + " MiB" : "could not be made");
    Map<String, List<String>> variants = new LinkedHashMap<>();
    variants.put("proxy flags (C1+C2, default CDS of the JDK)", List.of());
    if (haveArchive) {
      variants.put("+ AppCDS archive", List.of("-XX:SharedArchiveFile=" + archive));
    }
    variants.put("+ C1 only", List.of("-XX:TieredStopAtLevel=1"));
    if (haveArchive) {
      variants.put("+ AppCDS + C1 only", List.of("-XX:SharedArchiveFile=" + archive, "-XX:TieredStopAtLevel=1"));
    }
    List<RunResults.ColdStart> results = new ArrayList<>();
    for (Map.Entry<String, List<String>> variant : variants.entrySet()) {
      List<String> flags = new ArrayList<>(options.proxyFlags());
      flags.addAll(variant.getValue());
      List<Long> times = new ArrayList<>();
      List<Long> rss = new ArrayList<>();
      for (int i = 0; i < options.coldStartRuns(); i++) {
        try (ProxyProcess sidecar = ProxyProcess.sidecar(options.sidecarJar(), flags, upstreamPort, options.policy(),
            workDir)) {
          times.add(sidecar.coldStartNanos());
          rss.add(sidecar.rssBytes());
        }
      }
      RunResults.ColdStart result = new RunResults.ColdStart(variant.getKey(),
          String.join(" ", variant.getValue()).replace(archive.toString(), "palisade.jsa"), times, rss);
      progress("cold start %-45s median %.0f ms", variant.getKey(), result.medianNanos() / 1e6);
      results.add(result);
    }
    return results;
  }

  /** {@code flags}, plus the profiler's when the run profiles. */
  private List<String> profiled(List<String> flags, String name) throws IOException {
    if (options.profileDir() == null) {
      return flags;
    }
    List<String> all = new ArrayList<>(flags);
    all.addAll(AsyncProfilerAgent.flags(options.profileDir(), name));
    progress("profiling %s into %s", name, options.profileDir());
    return all;
  }

  /**
   * Unmeasured load on every code path first, so the measured cells see compiled code. One round
   * runs every workload briefly; rounds repeat until a round completes no more than
   * {@link #WARM_GAIN} more requests than the one before (the JIT has settled), at most
   * {@link #MAX_WARMUP_ROUNDS}. The sidecar's C2 compiles for tens of seconds under load on two
   * cores: a fixed short warm-up left the first cells measuring the compiler.
   */
  private void warmUpJit(ClosedLoopLoad load, List<BenchTarget> targets) throws Exception {
    List<Integer> sizes = new ArrayList<>(options.payloadSizes());
    sizes.add(BenchmarkOptions.FIXED_RATE_PAYLOAD);
    Duration perWorkload = options.jitWarmup().dividedBy((long) sizes.size() * options.answerTypes().size());
    for (BenchTarget target : targets) {
      long previous = 0;
      int rounds = options.quick() ? 1 : MAX_WARMUP_ROUNDS;
      for (int round = 1; round <= rounds; round++) {
        long completed = 0;
        for (AnswerType answer : options.answerTypes()) {
          for (int size : sizes) {
            if (size >= LARGE_PAYLOAD && answer != AnswerType.JSON) {
              continue;
            }
            completed += load.run(target, size, answer, size >= LARGE_PAYLOAD ? 2 : 16, Duration.ZERO, perWorkload,
                options.maxRequestsPerCell()).requests();
          }
        }
        progress("warm-up %s round %d: %d requests", target.name(), round, completed);
        if (round > 1 && completed <= previous * (1 + WARM_GAIN)) {
          break;
        }
        previous = Math.max(previous, completed);
      }
    }
  }

  /** A warm-up round this much faster than the one before means the JIT is still at work. */
  private static final double WARM_GAIN = 0.05;
  private static final int MAX_WARMUP_ROUNDS = 15;

  /** Targets are interleaved within each cell, so noise from neighbours on the machine hits them alike. */
  private List<CellResult> measureMatrix(ClosedLoopLoad load, List<BenchTarget> targets,
      Map<String, ProxyProcess> proxies) throws Exception {
    List<CellResult> cells = new ArrayList<>();
    for (int size : options.payloadSizes()) {
      for (AnswerType answer : options.answerTypes()) {
        if (size >= LARGE_PAYLOAD && answer != AnswerType.JSON) {
          continue;
        }
        for (int concurrency : options.concurrencyLevels()) {
          if (size >= LARGE_PAYLOAD && concurrency > 16) {
            continue;
          }
          for (BenchTarget target : targets) {
            cells.add(measured(proxies.get(target.name()), () -> load.run(target, size, answer, concurrency,
                options.warmup(), options.measure(), options.maxRequestsPerCell())));
          }
        }
      }
    }
    return cells;
  }

  private List<CellResult> measureFixedRate(FixedRateLoad load, List<BenchTarget> targets,
      Map<String, ProxyProcess> proxies) throws Exception {
    List<CellResult> cells = new ArrayList<>();
    for (BenchTarget target : targets) {
      cells.add(measured(proxies.get(target.name()), () -> load.run(target, BenchmarkOptions.FIXED_RATE_PAYLOAD,
          AnswerType.JSON, BenchmarkOptions.FIXED_RATE, options.fixedRateWarmup(), options.fixedRateMeasure(),
          64)));
    }
    return cells;
  }

  private List<CellResult> measureSaturation(ClosedLoopLoad load, List<BenchTarget> targets,
      Map<String, ProxyProcess> proxies) throws Exception {
    List<CellResult> cells = new ArrayList<>();
    for (BenchTarget target : targets) {
      cells.add(measured(proxies.get(target.name()), () -> load.run(target, BenchmarkOptions.SATURATION_PAYLOAD,
          AnswerType.JSON, BenchmarkOptions.SATURATION_CONCURRENCY, options.warmup(), options.saturationMeasure(),
          10_000_000)).asWorkload("saturation"));
    }
    return cells;
  }

  interface Load {
    CellResult run() throws Exception;
  }

  /** Runs one load and adds the proxy process's CPU (over the whole run, warmup included: same load) and RSS. */
  private static CellResult measured(ProxyProcess proxy, Load load) throws Exception {
    long cpuBefore = proxy == null ? 0 : proxy.cpuNanos();
    long wallBefore = System.nanoTime();
    CellResult cell = load.run();
    if (proxy != null) {
      double cpu = 100.0 * (proxy.cpuNanos() - cpuBefore) / (System.nanoTime() - wallBefore);
      cell = cell.withResources(cpu, proxy.rssBytes());
    }
    progress("%-11s %-10s %6d B %-4s %5d  p50 %s  p99 %s  p99.9 %s ms  %8.0f req/s  cpu %5.1f%%  rss %s  errors %d",
        cell.target().name(), cell.workload(), cell.payloadBytes(), cell.answer().argument, cell.concurrency(),
        LatencyHistograms.millis(cell.p50Micros()), LatencyHistograms.millis(cell.p99Micros()),
        LatencyHistograms.millis(cell.p999Micros()), cell.requestsPerSecond(), cell.cpuPercent(),
        cell.rssBytes() < 0 ? "-" : cell.rssBytes() / (1024 * 1024) + " MiB", cell.errors());
    return cell;
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

  private List<RunResults.IdleResult> measureIdleSessions(Vertx vertx, List<BenchTarget> targets,
      Map<String, ProxyProcess> proxies) throws Exception {
    List<RunResults.IdleResult> results = new ArrayList<>();
    for (BenchTarget target : targets) {
      ProxyProcess proxy = proxies.get(target.name());
      if (proxy == null) {
        continue;
      }
      long before = proxy.rssBytes();
      long openStarted = System.nanoTime();
      try (IdleStreams streams = new IdleStreams(vertx, options.idleSessions())) {
        int opened = streams.open(target, options.idleSessions(), Long.toString(requestIds.incrementAndGet()));
        double openMillis = (System.nanoTime() - openStarted) / 1e6;
        Thread.sleep(options.quick() ? 500 : 1500);
        long with = proxy.rssBytes();
        results.add(new RunResults.IdleResult(target.name(), options.idleSessions(), opened, streams.failed(), before,
            with, openMillis));
        progress("%-11s %d idle SSE sessions open (%d failed) in %.0f ms; RSS %d -> %d MiB", target.name(), opened,
            streams.failed(), openMillis, before / (1024 * 1024), with / (1024 * 1024));
      }
    }
    return results;
  }

  static List<LatencyChart.Panel> chartPanels(RunResults results) {
    List<LatencyChart.Panel> panels = new ArrayList<>();
    panels.add(new LatencyChart.Panel("Fixed rate 1,000 req/s, 4 KiB JSON (from intended send time)",
        results.fixedRate()));
    List<CellResult> sse = results.matrix().stream()
        .filter(cell -> cell.payloadBytes() == 16 * 1024 && cell.answer() == AnswerType.SSE && cell.concurrency() == 16)
        .toList();
    if (!sse.isEmpty()) {
      panels.add(new LatencyChart.Panel("Closed loop, 16 KiB SSE answers, 16 clients", sse));
    }
    return panels;
  }

  private String environment(String loadBefore, double minutes, MachineSpeed speed) {
    Runtime runtime = Runtime.getRuntime();
    return String.format(Locale.ROOT, "Run %s on %d cores (%s), %s %s; %.1f minutes. Machine load average "
            + "(1/5/15 min) before: %s, after: %s. Machine speed probe (a fixed single-thread workload in the "
            + "bench JVM, median of five; a slower reading means the shared host was busier then): %s. "
            + "Bench JVM (load generator and upstream): %s.%s",
        Instant.now().truncatedTo(ChronoUnit.SECONDS), runtime.availableProcessors(), cpuModel(),
        System.getProperty("java.vm.name"), System.getProperty("java.version"), minutes, loadBefore, loadAverage(),
        speed.summary(), String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()).isBlank() ? "default flags"
            : String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()),
        options.quick() ? " **--quick run: rough figures.**" : "");
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return parts[0] + " / " + parts[1] + " / " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
          .findFirst().map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  static void deleteTree(Path root) {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // a temp dir left behind is harmless
    }
  }

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  static void progress(String format, Object... args) {
    System.err.println(String.format(Locale.ROOT, format, args));
  }
}
