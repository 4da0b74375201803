package dev.palisade.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** Latency histograms in microseconds, wide enough for anything a loopback run can produce. */
final class LatencyHistograms {
  private static final long HIGHEST_MICROS = TimeUnit.SECONDS.toMicros(120);

  private LatencyHistograms() {}

  static Histogram create() {
    return new Histogram(HIGHEST_MICROS, 3);
  }

  static void recordNanos(Histogram histogram, long nanos) {
    histogram.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos))));
  }

  /** Milliseconds with two decimals, e.g. {@code 0.42}. */
  static String millis(long micros) {
    return String.format(java.util.Locale.ROOT, "%.2f", micros / 1000.0);
  }
}
