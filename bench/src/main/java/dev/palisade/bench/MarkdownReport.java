package dev.palisade.bench;

import java.util.List;
import java.util.Locale;

/** Renders a run's figures as Markdown: how it was run, the round-trip table, the streaming table. */
final class MarkdownReport {
  private MarkdownReport() {}

  static String render(BenchmarkOptions options, String environment, List<CellResult> cells,
      List<FirstEventResult> streams) {
    StringBuilder out = new StringBuilder();
    out.append("# Palisade proxy benchmark\n\n");
    out.append(environment).append("\n\n");
    out.append(String.format(Locale.ROOT, "Each cell: %.1f s warmup, %.1f s measured; closed loop (each client waits "
            + "for its answer before sending again); latency is send to last body byte.%n%n",
        options.warmup().toMillis() / 1000.0, options.measure().toMillis() / 1000.0));
    out.append("## tools/call round trips\n\n");
    out.append("| config | payload | answer | concurrency | p50 ms | p99 ms | req/s | added p50 ms | vs direct (p50, req/s) | errors |\n");
    out.append("|---|---:|---|---:|---:|---:|---:|---:|---|---:|\n");
    for (CellResult cell : cells) {
      CellResult direct = directFor(cell, cells);
      out.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %s | %s | %.0f | %s | %s | %d |%n",
          cell.target().name(), size(cell.payloadBytes()), cell.answer().argument, cell.concurrency(),
          LatencyHistograms.millis(cell.p50Micros()), LatencyHistograms.millis(cell.p99Micros()),
          cell.requestsPerSecond(), addedLatency(cell, direct), ratios(cell, direct), cell.errors()));
    }
    out.append("\n## Time to first SSE event\n\n");
    out.append("The upstream sends a progress event at once and the result after a delay; a proxy that buffered the "
        + "stream would show the delay in the first column.\n\n");
    out.append("| config | final event after | first event p50 ms | first event p99 ms | whole stream p50 ms | samples | errors |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (FirstEventResult stream : streams) {
      out.append(String.format(Locale.ROOT, "| %s | %d ms | %s | %s | %s | %d | %d |%n", stream.target().name(),
          stream.finalEventDelayMs(), LatencyHistograms.millis(stream.firstEventMicros().getValueAtPercentile(50)),
          LatencyHistograms.millis(stream.firstEventMicros().getValueAtPercentile(99)),
          LatencyHistograms.millis(stream.completeMicros().getValueAtPercentile(50)), stream.samples(), stream.errors()));
    }
    return out.toString();
  }

  private static CellResult directFor(CellResult cell, List<CellResult> cells) {
    return cells.stream().filter(other -> other.target().isDirect() && other.sameCellAs(cell)).findFirst().orElse(null);
  }

  private static String addedLatency(CellResult cell, CellResult direct) {
    if (direct == null || cell.target().isDirect()) {
      return "";
    }
    return LatencyHistograms.millis(cell.p50Micros() - direct.p50Micros());
  }

  private static String ratios(CellResult cell, CellResult direct) {
    if (direct == null || cell.target().isDirect() || direct.p50Micros() == 0 || direct.requestsPerSecond() == 0) {
      return "";
    }
    return String.format(Locale.ROOT, "×%.2f, ×%.2f", (double) cell.p50Micros() / direct.p50Micros(),
        cell.requestsPerSecond() / direct.requestsPerSecond());
  }

  private static String size(int bytes) {
    return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " B";
  }
}
