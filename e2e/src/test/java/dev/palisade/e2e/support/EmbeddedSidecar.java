package dev.palisade.e2e.support;

import dev.palisade.sidecar.config.SidecarConfig;
import dev.palisade.sidecar.proxy.SidecarServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A sidecar running in the test JVM on a free loopback port, auditing to a file of its own. */
public final class EmbeddedSidecar implements AutoCloseable {
  private final SidecarServer server;
  private final Path auditFile;

  private EmbeddedSidecar(SidecarServer server, Path auditFile) {
    this.server = server;
    this.auditFile = auditFile;
  }

  /** @param upstream the MCP server's URL; only its origin is used, request paths pass through */
  public static EmbeddedSidecar start(URI upstream) throws Exception {
    Path workDir = WorkDirs.create("sidecar");
    Path audit = workDir.resolve("audit.jsonl");
    // No pin file: pins live in the registry, so a test approves through server().pins().
    SidecarConfig config = SidecarConfig.defaults(upstream).withFiles(null, audit);
    SidecarServer server = SidecarServer.create(config);
    server.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return new EmbeddedSidecar(server, audit);
  }

  /**
   * A sidecar with a policy file and a clock the test controls.
   *
   * @param policy McpPolicy YAML, or {@code null} for the built-in default
   */
  public static EmbeddedSidecar start(URI upstream, Path policy, java.time.Clock clock) throws Exception {
    Path workDir = WorkDirs.create("sidecar");
    Path audit = workDir.resolve("audit.jsonl");
    SidecarConfig config = SidecarConfig.defaults(upstream).withFiles(null, audit).withPolicy(policy);
    SidecarServer server = SidecarServer.create(config, clock);
    server.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return new EmbeddedSidecar(server, audit);
  }

  /** {@code http://127.0.0.1:PORT}: where clients connect instead of the server's origin. */
  public URI origin() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  /** The same path on the sidecar's origin. */
  public URI proxied(URI direct) {
    return origin().resolve(direct.getRawPath() + (direct.getRawQuery() == null ? "" : "?" + direct.getRawQuery()));
  }

  public SidecarServer server() {
    return server;
  }

  public Path auditFile() {
    return auditFile;
  }

  public String auditText() throws java.io.IOException {
    return Files.exists(auditFile) ? Files.readString(auditFile) : "";
  }

  /** The audit text once it contains {@code expected}, or what it holds after a bounded wait (the log is written asynchronously). */
  public String auditTextContaining(String expected) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    String text = auditText();
    while (!text.contains(expected) && System.nanoTime() < deadline) {
      Thread.sleep(20); // polling with a deadline
      text = auditText();
    }
    return text;
  }

  @Override
  public void close() {
    server.close();
  }
}
