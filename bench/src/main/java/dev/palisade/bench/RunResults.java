package dev.palisade.bench;

import java.util.List;

/** Everything one run measured, for the report and the chart. */
record RunResults(String environment, List<String> proxyFlags, List<CellResult> matrix, List<CellResult> fixedRate,
    List<CellResult> saturation, List<FirstEventResult> firstEvents, List<IdleResult> idle, List<ColdStart> coldStarts,
    long sidecarPeakRssBytes) {

  /** Idle sessions held open on one target and the proxy's resident memory before and with them. */
  record IdleResult(String target, int requested, int opened, int failed, long rssBeforeBytes, long rssWithBytes,
      double openMillis) {}

  /** Sidecar starts with one set of JVM flags: process start until /readyz answers 200, and RSS then. */
  record ColdStart(String variant, String flags, List<Long> readyNanos, List<Long> rssAtReadyBytes) {
    long medianNanos() {
      return readyNanos.stream().sorted().toList().get(readyNanos.size() / 2);
    }

    long medianRss() {
      return rssAtReadyBytes.stream().sorted().toList().get(rssAtReadyBytes.size() / 2);
    }
  }
}
