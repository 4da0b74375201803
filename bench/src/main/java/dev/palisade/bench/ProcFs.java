package dev.palisade.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a process tree's resident memory ({@code /proc/PID/status} VmRSS) and CPU time
 * ({@code /proc/PID/stat} utime + stime, in clock ticks of 10 ms) on Linux. Children count too, so
 * nginx's master and workers are one figure. Returns -1 where procfs is unavailable.
 */
final class ProcFs {
  /** USER_HZ; 100 on every Linux this runs on (getconf CLK_TCK). */
  static final long NANOS_PER_TICK = 10_000_000L;

  private ProcFs() {}

  static List<Long> tree(long pid) {
    List<Long> pids = new ArrayList<>();
    pids.add(pid);
    ProcessHandle.of(pid).ifPresent(handle -> handle.descendants().forEach(child -> pids.add(child.pid())));
    return pids;
  }

  /** Sum of VmRSS of the process and its descendants, in bytes. */
  static long rssBytes(long pid) {
    long total = 0;
    for (long each : tree(pid)) {
      long kib = statusKib(each, "VmRSS:");
      if (kib < 0) {
        return -1;
      }
      total += kib * 1024;
    }
    return total;
  }

  /** Peak VmHWM of the process itself, in bytes. */
  static long peakRssBytes(long pid) {
    long kib = statusKib(pid, "VmHWM:");
    return kib < 0 ? -1 : kib * 1024;
  }

  /** utime + stime of the process and its descendants, in nanoseconds. */
  static long cpuNanos(long pid) {
    long total = 0;
    for (long each : tree(pid)) {
      try {
        String stat = Files.readString(Path.of("/proc", Long.toString(each), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        total += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
      } catch (IOException | RuntimeException e) {
        return -1;
      }
    }
    return total;
  }

  private static long statusKib(long pid, String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(key)) {
          return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
