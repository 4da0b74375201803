package dev.palisade.bench;

import dev.palisade.sidecar.cli.JvmOptions;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A proxy under test running as a child process (the Palisade sidecar, the plain Vert.x proxy, or
 * nginx), so that its CPU and memory can be read honestly from procfs. Stops itself on close.
 */
final class ProxyProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final int port;
  private final long startedNanos;
  private final Path log;
  private long readyNanos = -1;

  private ProxyProcess(String name, List<String> command, int port, Path log) throws IOException {
    this.name = name;
    this.port = port;
    this.log = log;
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(JvmOptions.ENVIRONMENT); // nginx ignores it; both JVMs get what the sidecar ships with
    this.startedNanos = System.nanoTime();
    this.process = builder.start();
  }

  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The sidecar jar's {@code proxy} command with every detector and the given policy. */
  static ProxyProcess sidecar(Path jar, List<String> jvmFlags, int upstreamPort, Path policy, Path workDir)
      throws IOException {
    int port = freePort();
    int admin = freePort();
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(jvmFlags);
    command.addAll(List.of("-jar", jar.toString(), "proxy",
        "--upstream", "http://127.0.0.1:" + upstreamPort + McpUpstreamServer.PATH,
        "--listen", "127.0.0.1:" + port, "--admin", "127.0.0.1:" + admin,
        "--audit", workDir.resolve("audit-" + port + ".jsonl").toString()));
    if (policy != null) {
      command.add("--policy");
      command.add(policy.toString());
    }
    ProxyProcess sidecar = new ProxyProcess(BenchTarget.PALISADE, command, port, workDir.resolve("sidecar-" + port + ".log"));
    sidecar.awaitReady(URI.create("http://127.0.0.1:" + admin + "/readyz"), Duration.ofSeconds(60));
    return sidecar;
  }

  /** {@link PlainReverseProxy} from this benchmark's own jar, in its own JVM with the sidecar's flags. */
  static ProxyProcess plainVertx(List<String> jvmFlags, int upstreamPort, Path workDir) throws IOException {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(jvmFlags.stream().filter(flag -> !flag.startsWith("-XX:SharedArchiveFile")).toList());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), PlainReverseProxy.class.getName(),
        Integer.toString(upstreamPort), Integer.toString(port)));
    ProxyProcess proxy = new ProxyProcess(BenchTarget.PLAIN_PROXY, command, port, workDir.resolve("plain-" + port + ".log"));
    proxy.awaitListening(Duration.ofSeconds(60));
    return proxy;
  }

  static ProxyProcess nginx(Path binary, int upstreamPort, Path workDir) throws IOException {
    int port = freePort();
    Path prefix = Files.createDirectories(workDir.resolve("nginx"));
    Files.createDirectories(prefix.resolve("logs"));
    Path conf = prefix.resolve("nginx.conf");
    Files.writeString(conf, NginxConfig.render(prefix, port, upstreamPort));
    List<String> command = List.of(binary.toString(), "-p", prefix.toString(), "-c", conf.toString(),
        "-e", prefix.resolve("logs/error.log").toString());
    ProxyProcess nginx = new ProxyProcess(BenchTarget.NGINX, command, port, prefix.resolve("logs/stdout.log"));
    nginx.awaitListening(Duration.ofSeconds(20));
    return nginx;
  }

  String name() {
    return name;
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  /** Process start until ready (sidecar: /readyz answered 200; others: port accepting). */
  long coldStartNanos() {
    return readyNanos - startedNanos;
  }

  long cpuNanos() {
    return ProcFs.cpuNanos(process.pid());
  }

  long rssBytes() {
    return ProcFs.rssBytes(process.pid());
  }

  long peakRssBytes() {
    return ProcFs.peakRssBytes(process.pid());
  }

  private void awaitReady(URI readyz, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      checkAlive();
      try {
        HttpURLConnection connection = (HttpURLConnection) readyz.toURL().openConnection();
        connection.setConnectTimeout(200);
        connection.setReadTimeout(1000);
        int status = connection.getResponseCode();
        connection.disconnect();
        if (status == 200) {
          readyNanos = System.nanoTime();
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      pause();
    }
    throw new IOException(name + " not ready after " + timeout + "; see " + log);
  }

  private void awaitListening(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      checkAlive();
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        readyNanos = System.nanoTime();
        return;
      } catch (IOException notYet) {
        pause();
      }
    }
    throw new IOException(name + " not listening after " + timeout + "; see " + log);
  }

  private void checkAlive() throws IOException {
    if (!process.isAlive()) {
      String output = Files.exists(log) ? Files.readString(log) : "";
      throw new IOException(name + " exited with " + process.exitValue() + ": " + output);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** SIGTERM, then SIGKILL after 10 s; children (nginx workers) go with their parent. */
  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    children.forEach(child -> {
      if (child.isAlive()) {
        child.destroyForcibly();
      }
    });
  }
}
