package dev.palisade.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real sidecar jar running as a child process, exactly as a user would start it, listening and
 * serving its admin endpoints on loopback ports.
 */
final class SidecarProcess implements AutoCloseable {
  /** System property naming the sidecar jar when it is not under the working directory. */
  static final String JAR_PROPERTY = "palisade.sidecar.jar";
  private static final Duration READY_DEADLINE = Duration.ofSeconds(60);

  private final Process process;
  private final int port;
  private final List<String> command;

  private SidecarProcess(Process process, int port, List<String> command) {
    this.process = process;
    this.port = port;
    this.command = command;
  }

  /** Starts the sidecar in front of {@code upstream} and waits until its {@code /readyz} says so. */
  static SidecarProcess start(Path jar, URI upstream, Path workDir) throws IOException, InterruptedException {
    return start(jar, upstream, workDir, null);
  }

  /** @param policy a policy file for {@code --policy}, or {@code null} for the built-in default */
  static SidecarProcess start(Path jar, URI upstream, Path workDir, Path policy) throws IOException, InterruptedException {
    int port = freePort();
    int adminPort = freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new java.util.ArrayList<>(List.of(java, "-jar", jar.toString(), "proxy",
        "--upstream", upstream.toString(),
        "--listen", "127.0.0.1:" + port,
        "--admin", "127.0.0.1:" + adminPort,
        "--audit", workDir.resolve("audit.jsonl").toString(),
        "--pins", workDir.resolve("pins.json").toString()));
    if (policy != null) {
      command.addAll(List.of("--policy", policy.toString()));
    }
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(workDir.resolve("sidecar.log").toFile())
        .start();
    SidecarProcess sidecar = new SidecarProcess(process, port, command);
    sidecar.awaitReady(URI.create("http://127.0.0.1:" + adminPort + "/readyz"));
    return sidecar;
  }

  /** The jar named by {@value #JAR_PROPERTY}, else {@code sidecar/target/palisade-sidecar.jar} here or one level up. */
  static Path locateJar() {
    String configured = System.getProperty(JAR_PROPERTY);
    List<Path> candidates = configured != null ? List.of(Path.of(configured))
        : List.of(Path.of("sidecar/target/palisade-sidecar.jar"), Path.of("../sidecar/target/palisade-sidecar.jar"));
    return candidates.stream().filter(Files::isRegularFile).findFirst()
        .map(Path::toAbsolutePath)
        .orElseThrow(() -> new IllegalStateException("sidecar jar not found (looked for " + candidates
            + "); build it with ./mvnw -B -q -DskipTests package, or pass -D" + JAR_PROPERTY + "=PATH"));
  }

  private void awaitReady(URI readyz) throws InterruptedException, IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + READY_DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the sidecar exited with status " + process.exitValue() + " before it was ready");
      }
      try {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(readyz).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // the JVM is still starting; poll again after a short pause
      }
      process.waitFor(100, TimeUnit.MILLISECONDS);
    }
    close();
    throw new IllegalStateException("the sidecar was not ready within " + READY_DEADLINE.toSeconds() + " s");
  }

  URI mcpUri() {
    return URI.create("http://127.0.0.1:" + port + "/mcp");
  }

  List<String> command() {
    return command;
  }

  /** Stops the sidecar the way an operator would (SIGTERM), so it flushes its audit log. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
