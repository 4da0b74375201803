package dev.palisade.e2e.npm;

import dev.palisade.e2e.support.FreePorts;
import dev.palisade.e2e.support.WorkDirs;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The npm reference server {@code @modelcontextprotocol/server-everything} as a child process. It
 * binds every interface and has no host option, so the tests only ever connect through 127.0.0.1.
 */
final class ServerEverything implements AutoCloseable {
  /** The transports it serves and the endpoint path each uses. */
  enum Mode {
    STREAMABLE_HTTP("streamableHttp", "/mcp", "http"),
    LEGACY_SSE("sse", "/sse", "sse");

    final String argument;
    final String path;
    final String inspectorTransport;

    Mode(String argument, String path, String inspectorTransport) {
      this.argument = argument;
      this.path = path;
      this.inspectorTransport = inspectorTransport;
    }
  }

  private static final Duration READY_DEADLINE = Duration.ofSeconds(30);

  private final Process process;
  private final URI endpoint;

  private ServerEverything(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  static ServerEverything start(NpmPeers peers, Mode mode) throws IOException, InterruptedException {
    int port = FreePorts.loopback();
    Path log = WorkDirs.create("server-everything").resolve("server.log");
    ProcessBuilder builder = new ProcessBuilder(peers.command("@modelcontextprotocol/server-everything/dist/index.js",
        List.of(mode.argument)))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().put("PORT", Integer.toString(port));
    ServerEverything server = new ServerEverything(builder.start(), URI.create("http://127.0.0.1:" + port + mode.path));
    server.awaitListening(port);
    return server;
  }

  URI endpoint() {
    return endpoint;
  }

  private void awaitListening(int port) throws InterruptedException {
    long deadline = System.nanoTime() + READY_DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("server-everything exited with " + process.exitValue());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        process.waitFor(100, TimeUnit.MILLISECONDS);
      }
    }
    close();
    throw new IllegalStateException("server-everything did not listen on " + port + " within " + READY_DEADLINE);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
