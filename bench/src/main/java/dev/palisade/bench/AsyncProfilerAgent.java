package dev.palisade.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * JVM flags that run async-profiler (from Maven Central, inside this jar) in a proxy process: CPU
 * samples every millisecond, including the kernel and the JIT compiler threads, written as collapsed
 * stacks every 10 s to {@code <dir>/<name>-<time>.collapsed}. The windows let a reader skip the JIT's
 * warm-up and compare a steady-state window of one proxy with another's. JFR cannot do this for a
 * child process killed at the end of a run, and its sampler misplaces time in loops without
 * safepoints (hence also {@code DebugNonSafepoints}).
 */
final class AsyncProfilerAgent {
  static final String INTERVAL = "1ms";
  static final String WINDOW = "10s";

  private AsyncProfilerAgent() {}

  /** Extracts the agent for this machine into {@code dir} and returns the flags that load it. */
  static List<String> flags(Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    String platform = System.getProperty("os.arch").contains("aarch64") ? "linux-arm64" : "linux-x64";
    Path library = dir.resolve("libasyncProfiler.so");
    try (InputStream in = AsyncProfilerAgent.class.getResourceAsStream("/" + platform + "/libasyncProfiler.so")) {
      if (in == null) {
        throw new IOException("async-profiler for " + platform + " is not in the bench jar");
      }
      Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
    }
    String output = dir.toAbsolutePath().resolve(name + "-%t.collapsed").toString();
    return List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints",
        "-agentpath:" + library.toAbsolutePath() + "=start,event=cpu,interval=" + INTERVAL + ",loop=" + WINDOW
            + ",collapsed,file=" + output);
  }
}
