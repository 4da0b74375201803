package dev.palisade.bench;

import org.HdrHistogram.Histogram;

/**
 * The figures of one measured load on one target.
 *
 * @param workload {@code closed} (closed loop at {@code concurrency}) or {@code fixed} (schedule-based
 *     fixed rate; {@code concurrency} is then the target rate in requests per second)
 * @param latencyMicros latencies of the measured requests (closed: send to last body byte; fixed:
 *     intended send time to last body byte)
 * @param requests successful measured requests
 * @param errors measured requests that failed or came back with an unexpected status or size
 * @param seconds length of the measurement window
 * @param cpuPercent CPU time of the proxy process(es) over the run, in percent of one core; NaN for direct
 * @param rssBytes resident memory of the proxy process(es) at the end of the run; -1 for direct
 */
record CellResult(BenchTarget target, String workload, int payloadBytes, AnswerType answer, int concurrency,
    Histogram latencyMicros, long requests, long errors, double seconds, double cpuPercent, long rssBytes) {

  static final String CLOSED = "closed";
  static final String FIXED = "fixed";

  CellResult(BenchTarget target, int payloadBytes, AnswerType answer, int concurrency, Histogram latencyMicros,
      long requests, long errors, double seconds) {
    this(target, CLOSED, payloadBytes, answer, concurrency, latencyMicros, requests, errors, seconds, Double.NaN, -1);
  }

  CellResult withResources(double cpu, long rss) {
    return new CellResult(target, workload, payloadBytes, answer, concurrency, latencyMicros, requests, errors, seconds,
        cpu, rss);
  }

  CellResult asWorkload(String name) {
    return new CellResult(target, name, payloadBytes, answer, concurrency, latencyMicros, requests, errors, seconds,
        cpuPercent, rssBytes);
  }

  long p50Micros() {
    return latencyMicros.getValueAtPercentile(50);
  }

  long p99Micros() {
    return latencyMicros.getValueAtPercentile(99);
  }

  long p999Micros() {
    return latencyMicros.getValueAtPercentile(99.9);
  }

  double requestsPerSecond() {
    return seconds <= 0 ? 0 : requests / seconds;
  }

  boolean sameCellAs(CellResult other) {
    return workload.equals(other.workload) && payloadBytes == other.payloadBytes && answer == other.answer
        && concurrency == other.concurrency;
  }
}
