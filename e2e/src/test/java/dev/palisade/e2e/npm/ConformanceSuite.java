package dev.palisade.e2e.npm;

import dev.palisade.e2e.support.JsonTrees;
import dev.palisade.e2e.support.WorkDirs;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code @modelcontextprotocol/conformance}: runs the active server scenarios against a URL and reads
 * the per-scenario {@code checks.json} it writes. Its console output (including its "Total: N passed,
 * M failed" line, which CI would mistake for the build's test count) goes to a file, never to the
 * build log.
 */
final class ConformanceSuite {
  /** {@code server-<scenario>-<ISO timestamp with dashes>} */
  private static final Pattern RESULT_DIR = Pattern.compile("server-(.+)-\\d{4}-\\d{2}-\\d{2}T[0-9-]+Z");

  private final NpmPeers peers;

  ConformanceSuite(NpmPeers peers) {
    this.peers = peers;
  }

  /** Scenario name to whether it passed (no check with status FAILURE). */
  Map<String, Boolean> run(URI url, String label) throws IOException, InterruptedException {
    Path workDir = WorkDirs.create("conformance-" + label);
    Path results = workDir.resolve("results");
    NodeRun.run(peers.command("@modelcontextprotocol/conformance/dist/index.js",
            List.of("server", "--url", url.toString(), "--suite", "active", "-o", results.toString())),
        workDir, workDir.resolve("console"), Duration.ofMinutes(5));
    Map<String, Boolean> outcomes = new TreeMap<>();
    if (!Files.isDirectory(results)) {
      return outcomes;
    }
    try (Stream<Path> dirs = Files.list(results)) {
      for (Path dir : dirs.toList()) {
        Matcher name = RESULT_DIR.matcher(dir.getFileName().toString());
        Path checks = dir.resolve("checks.json");
        if (name.matches() && Files.isRegularFile(checks)) {
          outcomes.put(name.group(1), passed(Files.readString(checks)));
        }
      }
    }
    return outcomes;
  }

  private static boolean passed(String checksJson) {
    List<?> checks = (List<?>) JsonTrees.parse(checksJson);
    return !checks.isEmpty() && checks.stream().noneMatch(check -> "FAILURE".equals(((Map<?, ?>) check).get("status")));
  }
}
