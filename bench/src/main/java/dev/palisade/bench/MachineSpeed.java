package dev.palisade.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A fixed single-thread workload, timed between the sections of a run. The benchmark shares its
 * cores with whatever else the host runs; when the probe takes longer in one section than in the
 * others, the figures of that section were taken on a busier machine. Median of five, after a warm-up
 * (the bench's own load is idle while it runs).
 */
final class MachineSpeed {
  private static final int WORDS = 64 * 1024; // 256 KiB: in L2, so the probe measures the core, not memory
  private static final int PASSES = 200;
  private static volatile long sink;

  private final List<String> readings = new ArrayList<>();

  /** Times the workload now and keeps the reading under {@code when}. */
  void probe(String when) {
    for (int i = 0; i < 3; i++) {
      workload();
    }
    long[] times = new long[5];
    for (int i = 0; i < times.length; i++) {
      long start = System.nanoTime();
      workload();
      times[i] = System.nanoTime() - start;
    }
    java.util.Arrays.sort(times);
    readings.add(String.format(Locale.ROOT, "%.1f ms %s", times[times.length / 2] / 1e6, when));
  }

  /** "31.2 ms at the start, 31.5 ms after ..." */
  String summary() {
    return String.join(", ", readings);
  }

  private static void workload() {
    int[] words = new int[WORDS];
    int x = 0x9E3779B9;
    long sum = 0;
    for (int pass = 0; pass < PASSES; pass++) {
      for (int i = 0; i < WORDS; i++) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        words[i] += x;
        sum += words[(i * 31) & (WORDS - 1)];
      }
    }
    sink = sum;
  }
}
