package dev.palisade.e2e.npm;

import dev.palisade.e2e.support.JsonTrees;
import dev.palisade.e2e.support.WorkDirs;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code @modelcontextprotocol/inspector-cli}: one MCP method per run, the raw result as JSON on stdout. */
final class InspectorCli {
  private final NpmPeers peers;
  private final Path outputDir;

  InspectorCli(NpmPeers peers) throws IOException {
    this.peers = peers;
    this.outputDir = WorkDirs.create("inspector-cli");
  }

  /** Runs {@code method} against {@code url} and returns the result as a JSON tree. */
  Object call(URI url, String transport, String method, String... arguments) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of(url.toString(), "--transport", transport, "--method", method));
    args.addAll(List.of(arguments));
    // inspector-cli 1.0.3 looks for ../package.json relative to its working directory, so it must run
    // from <prefix>/node_modules
    NodeRun.Result result = NodeRun.run(peers.command("@modelcontextprotocol/inspector-cli/build/index.js", args),
        peers.nodeModules(), outputDir, Duration.ofSeconds(60));
    if (result.exitCode() != 0) {
      throw new AssertionError("inspector-cli " + method + " against " + url + " exited " + result.exitCode()
          + ": " + result.stderr().strip());
    }
    return JsonTrees.parse(result.stdout());
  }
}
