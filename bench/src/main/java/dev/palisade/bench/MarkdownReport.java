package dev.palisade.bench;

import dev.palisade.sidecar.cli.JvmOptions;
import java.util.List;
import java.util.Locale;

/** Renders a run as Markdown: targets, round trips, fixed rate, saturation, streams, idle sessions, cold start. */
final class MarkdownReport {
  private static final double MIB = 1024.0 * 1024.0;

  private MarkdownReport() {}

  static String render(BenchmarkOptions options, RunResults results) {
    StringBuilder out = new StringBuilder();
    out.append("# Palisade proxy benchmark\n\n");
    out.append(results.environment()).append("\n\n");
    out.append("Command: `java -jar bench/target/palisade-bench.jar").append(options.quick() ? " --quick" : "")
        .append("` from the repository root. Everything on 127.0.0.1. `direct`: the stand-in MCP server (in the ")
        .append("bench JVM, one event loop). `nginx`: Debian's nginx, `worker_processes auto`, upstream keep-alive, ")
        .append("`proxy_buffering off`. `plain-proxy`: a Vert.x `HttpProxy` with no interceptor. `palisade`: ")
        .append("`sidecar/target/palisade-sidecar.jar proxy` with all ").append(shippedRules())
        .append(" detection rules, the built-in default ")
        .append("policy and `bench/policy/realistic-policy.yaml` (rules, an access list, two rate limits far above ")
        .append("the load, a sequence rule), auditing to a file. The three proxies are child processes; CPU is their ")
        .append("utime+stime over the run (percent of one core, 200 % = both cores), RSS their VmRSS at its end ")
        .append("(nginx: master + workers). JVM flags of both Java proxies: `")
        .append(String.join(" ", results.proxyFlags()).replaceAll("-XX:SharedArchiveFile=\\S+",
            "-XX:SharedArchiveFile=palisade.jsa"))
        .append("` (the AppCDS archive only for the sidecar), environment `")
        .append(JvmOptions.ENVIRONMENT.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
            .collect(java.util.stream.Collectors.joining(" ")))
        .append("`. The load generator, the upstream and the proxy share ")
        .append("the same 2 cores, so absolute figures are pessimistic; compare configurations. Before any cell, ")
        .append("each target gets warm-up rounds of every workload until a round is no more than 5 % faster than ")
        .append("the one before (the JIT has settled), so the cells measure steady state.\n\n");
    out.append("![latency percentiles per configuration](latency.png)\n\n");
    targets(out, results);
    out.append("## Fixed rate: 1,000 req/s, 4 KiB JSON answers\n\n");
    out.append(String.format(Locale.ROOT, "Schedule-based open loop: request *i* is due at start + *i* ms and its "
        + "latency runs from that intended time to the last body byte (coordinated-omission-correct), up to 64 "
        + "connections; %.0f s measured after %.0f s warmup.%n%n", options.fixedRateMeasure().toMillis() / 1000.0,
        options.fixedRateWarmup().toMillis() / 1000.0));
    table(out, results.fixedRate(), results.fixedRate());
    out.append(String.format(Locale.ROOT, "%n## Saturation: 4 KiB JSON answers, %d clients, closed loop%n%n",
        BenchmarkOptions.SATURATION_CONCURRENCY));
    table(out, results.saturation(), results.saturation());
    out.append(String.format(Locale.ROOT, "%n## Round trips (closed loop)%n%nEach cell: %.1f s warmup, %.1f s measured; "
            + "each client waits for its answer before sending again; latency is send to last body byte. Targets "
            + "run back to back within a cell.%n%n", options.warmup().toMillis() / 1000.0,
        options.measure().toMillis() / 1000.0));
    table(out, results.matrix(), results.matrix());
    firstEvents(out, results);
    idle(out, results);
    coldStarts(out, results);
    return out.toString();
  }

  private static void table(StringBuilder out, List<CellResult> cells, List<CellResult> all) {
    out.append("| payload | answer | clients or rate | config | p50 ms | p99 ms | p99.9 ms | req/s | proxy CPU % "
        + "| proxy RSS MiB | p50 × direct | p99 × direct | req/s × direct | errors |\n");
    out.append("|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (CellResult cell : cells) {
      CellResult direct = directFor(cell, all);
      boolean isDirect = cell.target().isDirect() || direct == null;
      out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %.0f | %s | %s | %s | %s | %s | %d |%n",
          size(cell.payloadBytes()), cell.answer().argument,
          cell.workload().equals(CellResult.FIXED) ? cell.concurrency() + "/s" : Integer.toString(cell.concurrency()),
          cell.target().name(), LatencyHistograms.millis(cell.p50Micros()), LatencyHistograms.millis(cell.p99Micros()),
          LatencyHistograms.millis(cell.p999Micros()), cell.requestsPerSecond(),
          Double.isNaN(cell.cpuPercent()) ? "—" : String.format(Locale.ROOT, "%.0f", cell.cpuPercent()),
          cell.rssBytes() < 0 ? "—" : String.format(Locale.ROOT, "%.0f", cell.rssBytes() / MIB),
          isDirect ? "" : ratio(cell.p50Micros(), direct.p50Micros()),
          isDirect ? "" : ratio(cell.p99Micros(), direct.p99Micros()),
          isDirect ? "" : ratio(cell.requestsPerSecond(), direct.requestsPerSecond()), cell.errors()));
    }
  }

  private static void targets(StringBuilder out, RunResults results) {
    out.append("## Targets\n\n| target | measured | met |\n|---|---|---|\n");
    CellResult fixedDirect = find(results.fixedRate(), BenchTarget.DIRECT);
    CellResult fixedPalisade = find(results.fixedRate(), BenchTarget.PALISADE);
    CellResult fixedNginx = find(results.fixedRate(), BenchTarget.NGINX);
    if (fixedDirect != null && fixedPalisade != null) {
      double addedP50 = (fixedPalisade.p50Micros() - fixedDirect.p50Micros()) / 1000.0;
      double addedP99 = (fixedPalisade.p99Micros() - fixedDirect.p99Micros()) / 1000.0;
      String nginx = fixedNginx == null ? "" : String.format(Locale.ROOT, " (nginx adds %.2f / %.2f ms)",
          (fixedNginx.p50Micros() - fixedDirect.p50Micros()) / 1000.0,
          (fixedNginx.p99Micros() - fixedDirect.p99Micros()) / 1000.0);
      row(out, "added p50 ≤ 0.2 ms over direct at 1,000 req/s, 4 KiB",
          String.format(Locale.ROOT, "%.2f ms (%s → %s)%s", addedP50, LatencyHistograms.millis(fixedDirect.p50Micros()),
              LatencyHistograms.millis(fixedPalisade.p50Micros()), nginx), addedP50 <= 0.2);
      row(out, "added p99 ≤ 0.5 ms over direct at 1,000 req/s, 4 KiB",
          String.format(Locale.ROOT, "%.2f ms (%s → %s)", addedP99, LatencyHistograms.millis(fixedDirect.p99Micros()),
              LatencyHistograms.millis(fixedPalisade.p99Micros())), addedP99 <= 0.5);
    }
    CellResult satDirect = find(results.saturation(), BenchTarget.DIRECT);
    CellResult satPalisade = find(results.saturation(), BenchTarget.PALISADE);
    CellResult satNginx = find(results.saturation(), BenchTarget.NGINX);
    if (satDirect != null && satPalisade != null) {
      double share = satPalisade.requestsPerSecond() / satDirect.requestsPerSecond();
      row(out, "saturation throughput ≥ 70 % of direct (4 KiB JSON, 64 clients)",
          String.format(Locale.ROOT, "%.0f %% (%.0f of %.0f req/s)", share * 100, satPalisade.requestsPerSecond(),
              satDirect.requestsPerSecond()), share >= 0.7);
      if (satNginx != null) {
        row(out, "saturation throughput not below nginx",
            String.format(Locale.ROOT, "%.0f vs %.0f req/s (×%.2f)", satPalisade.requestsPerSecond(),
                satNginx.requestsPerSecond(), satPalisade.requestsPerSecond() / satNginx.requestsPerSecond()),
            satPalisade.requestsPerSecond() >= satNginx.requestsPerSecond());
      }
    }
    FirstEventResult sseDirect = results.firstEvents().stream().filter(e -> e.target().isDirect()).findFirst().orElse(null);
    FirstEventResult ssePalisade = results.firstEvents().stream()
        .filter(e -> e.target().name().equals(BenchTarget.PALISADE)).findFirst().orElse(null);
    if (sseDirect != null && ssePalisade != null) {
      double added = (ssePalisade.firstEventMicros().getValueAtPercentile(50)
          - sseDirect.firstEventMicros().getValueAtPercentile(50)) / 1000.0;
      row(out, "SSE first-event delay ≤ 1 ms added (p50)", String.format(Locale.ROOT, "%.2f ms (%s → %s)", added,
          LatencyHistograms.millis(sseDirect.firstEventMicros().getValueAtPercentile(50)),
          LatencyHistograms.millis(ssePalisade.firstEventMicros().getValueAtPercentile(50))), added <= 1.0);
    }
    results.idle().stream().filter(i -> i.target().equals(BenchTarget.PALISADE)).findFirst().ifPresent(idle ->
        row(out, "sidecar RSS ≤ 128 MiB with 1,000 sessions",
            String.format(Locale.ROOT, "%.0f MiB with %d open SSE sessions, after the whole load run (%.0f MiB "
                + "before opening them; peak during the run %.0f MiB)", idle.rssWithBytes() / MIB, idle.opened(),
                idle.rssBeforeBytes() / MIB, results.sidecarPeakRssBytes() / MIB),
            idle.rssWithBytes() <= 128 * MIB && idle.opened() == idle.requested()));
    if (!results.coldStarts().isEmpty()) {
      // C1 alone starts faster but gives up C2's steady-state speed, so the target is judged on the
      // variants that keep both compilers (class-data sharing is the remedy the issue allows)
      RunResults.ColdStart plain = results.coldStarts().get(0);
      java.util.Comparator<RunResults.ColdStart> byMedian = java.util.Comparator.comparingLong(RunResults.ColdStart::medianNanos);
      RunResults.ColdStart best = results.coldStarts().stream()
          .filter(start -> !start.flags().contains("TieredStopAtLevel")).min(byMedian).orElseThrow();
      RunResults.ColdStart fastest = results.coldStarts().stream().min(byMedian).orElseThrow();
      String c1 = fastest == best ? "" : String.format(Locale.ROOT, "; %.0f ms with %s, which gives up C2's peak speed",
          fastest.medianNanos() / 1e6, fastest.variant());
      row(out, "cold start to ready ≤ 1 s", String.format(Locale.ROOT, "%.0f ms with %s (both compilers)%s; %.0f ms "
          + "with the proxy flags alone (medians)", best.medianNanos() / 1e6, best.variant(), c1, plain.medianNanos() / 1e6),
          best.medianNanos() <= 1e9);
    }
    out.append("\n");
  }

  private static void firstEvents(StringBuilder out, RunResults results) {
    out.append("\n## Time to first SSE event\n\n");
    out.append("The upstream sends a progress event at once and the result 100 ms later, one stream at a time; a "
        + "proxy that buffered the stream would show the delay in the first columns.\n\n");
    out.append("| config | first event p50 ms | first event p99 ms | added p50 ms | whole stream p50 ms | samples | errors |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|\n");
    FirstEventResult direct = results.firstEvents().stream().filter(e -> e.target().isDirect()).findFirst().orElse(null);
    for (FirstEventResult stream : results.firstEvents()) {
      long p50 = stream.firstEventMicros().getValueAtPercentile(50);
      out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %d | %d |%n", stream.target().name(),
          LatencyHistograms.millis(p50), LatencyHistograms.millis(stream.firstEventMicros().getValueAtPercentile(99)),
          direct == null || stream == direct ? "" : LatencyHistograms.millis(p50
              - direct.firstEventMicros().getValueAtPercentile(50)),
          LatencyHistograms.millis(stream.completeMicros().getValueAtPercentile(50)), stream.samples(), stream.errors()));
    }
  }

  private static void idle(StringBuilder out, RunResults results) {
    out.append("\n## Idle sessions\n\n");
    out.append("Each session is a GET SSE stream (its own `Mcp-Session-Id` and connection) held open and silent; "
        + "all opened at once after the load runs above, RSS read 1.5 s after the last one opened.\n\n");
    out.append("| config | sessions open | failed | time to open all ms | RSS before MiB | RSS with them MiB | per session KiB |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (RunResults.IdleResult idle : results.idle()) {
      out.append(String.format(Locale.ROOT, "| %s | %d | %d | %.0f | %.0f | %.0f | %.1f |%n", idle.target(),
          idle.opened(), idle.failed(), idle.openMillis(), idle.rssBeforeBytes() / MIB, idle.rssWithBytes() / MIB,
          idle.opened() == 0 ? 0 : (idle.rssWithBytes() - idle.rssBeforeBytes()) / 1024.0 / idle.opened()));
    }
  }

  /** How many rules the shipped packs hold (the sidecar under test loads the same packs). */
  private static int shippedRules() {
    return new dev.palisade.detection.rules.RulePackLoader(dev.palisade.detection.validate.Validators.builtin())
        .loadDefaults().rules().size();
  }

  private static void coldStarts(StringBuilder out, RunResults results) {
    out.append("\n## Sidecar cold start\n\n");
    out.append("From `ProcessBuilder.start()` of `java … -jar palisade-sidecar.jar proxy …` (same policy and "
        + "detectors) until `GET /readyz` on the admin port answers 200, polled every 2 ms. The AppCDS archive is "
        + "what an image build would make: dumped at the exit of the jar's training run (`java "
        + "-XX:ArchiveClassesAtExit=palisade.jsa -jar palisade-sidecar.jar warm-up`: a sidecar in front of a "
        + "stand-in server, a few rounds of JSON and SSE calls), then used with `-XX:SharedArchiveFile`. All "
        + "variants also carry the proxy flags above.\n\n");
    out.append("| variant | extra flags | runs | median ms | min ms | max ms | RSS at ready MiB |\n");
    out.append("|---|---|---:|---:|---:|---:|---:|\n");
    for (RunResults.ColdStart start : results.coldStarts()) {
      out.append(String.format(Locale.ROOT, "| %s | `%s` | %d | %.0f | %.0f | %.0f | %.0f |%n", start.variant(),
          start.flags().isEmpty() ? "—" : start.flags(), start.readyNanos().size(), start.medianNanos() / 1e6,
          start.readyNanos().stream().mapToLong(Long::longValue).min().orElse(0) / 1e6,
          start.readyNanos().stream().mapToLong(Long::longValue).max().orElse(0) / 1e6, start.medianRss() / MIB));
    }
  }

  private static void row(StringBuilder out, String target, String measured, boolean met) {
    out.append("| ").append(target).append(" | ").append(measured).append(" | ").append(met ? "met" : "**not met**")
        .append(" |\n");
  }

  private static CellResult find(List<CellResult> cells, String name) {
    return cells.stream().filter(cell -> cell.target().name().equals(name)).findFirst().orElse(null);
  }

  private static CellResult directFor(CellResult cell, List<CellResult> cells) {
    return cells.stream().filter(other -> other.target().isDirect() && other.sameCellAs(cell)).findFirst().orElse(null);
  }

  private static String ratio(double value, double direct) {
    return direct == 0 ? "" : String.format(Locale.ROOT, "×%.2f", value / direct);
  }

  private static String size(int bytes) {
    return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " B";
  }
}
