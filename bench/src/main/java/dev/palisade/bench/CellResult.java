package dev.palisade.bench;

import org.HdrHistogram.Histogram;

/**
 * The figures of one cell of the matrix: one target, payload size, answer type and concurrency.
 *
 * @param latencyMicros round-trip latencies of the measured requests (send to last body byte)
 * @param requests successful measured requests
 * @param errors measured requests that failed or came back with an unexpected status or size
 * @param seconds length of the measurement window
 */
record CellResult(BenchTarget target, int payloadBytes, AnswerType answer, int concurrency, Histogram latencyMicros,
    long requests, long errors, double seconds) {

  long p50Micros() {
    return latencyMicros.getValueAtPercentile(50);
  }

  long p99Micros() {
    return latencyMicros.getValueAtPercentile(99);
  }

  double requestsPerSecond() {
    return seconds <= 0 ? 0 : requests / seconds;
  }

  boolean sameCellAs(CellResult other) {
    return payloadBytes == other.payloadBytes && answer == other.answer && concurrency == other.concurrency;
  }
}
