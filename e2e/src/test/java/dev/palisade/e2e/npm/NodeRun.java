package dev.palisade.e2e.npm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a node command to completion with a deadline, its output captured to files (never to the build log). */
final class NodeRun {
  record Result(int exitCode, String stdout, String stderr) {}

  private NodeRun() {}

  static Result run(List<String> command, Path workingDirectory, Path outputDir, Duration deadline)
      throws IOException, InterruptedException {
    Files.createDirectories(outputDir);
    Path stdout = Files.createTempFile(outputDir, "stdout-", ".txt");
    Path stderr = Files.createTempFile(outputDir, "stderr-", ".txt");
    Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile())
        .start();
    if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      throw new IllegalStateException("timed out after " + deadline + ": " + command);
    }
    return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
        Files.readString(stderr, StandardCharsets.UTF_8));
  }
}
