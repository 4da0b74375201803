package dev.palisade.operator.testing;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The real sidecar ({@code sidecar/target/palisade-sidecar.jar}, built by the same reactor run) in
 * this JVM, in a class loader of its own: the operator's tests carry Vert.x 4 for fabric8's mock API
 * server and the sidecar needs Vert.x 5, so they can share a process but never a class path. A
 * sidecar starts from the same options as {@code palisade-sidecar.jar proxy ...}; the few calls into
 * it go through reflection because its classes are not this loader's.
 */
public final class SidecarJar implements AutoCloseable {
  private final URLClassLoader loader;
  private final HttpClient http = HttpClient.newHttpClient();

  private SidecarJar(URLClassLoader loader) {
    this.loader = loader;
  }

  public static SidecarJar open() throws Exception {
    Path jar = Path.of(System.getProperty("palisade.sidecar.jar", "../sidecar/target/palisade-sidecar.jar"));
    if (!Files.exists(jar)) {
      throw new AssertionError(jar + " is missing: build it in the same reactor run (mvn verify)");
    }
    // the platform loader as parent: nothing of this class path is visible to the sidecar
    return new SidecarJar(new URLClassLoader("palisade-sidecar", new URL[] {jar.toUri().toURL()},
        ClassLoader.getPlatformClassLoader()));
  }

  /** A sidecar started with {@code proxy} options, e.g. {@code --upstream URL --listen 127.0.0.1:0 ...}. */
  public Running start(String... proxyOptions) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader); // Vert.x and Jackson look up their services through it
    try {
      Class<?> commandType = loader.loadClass("dev.palisade.sidecar.cli.ProxyCommand");
      Constructor<?> constructor = commandType.getDeclaredConstructor();
      constructor.setAccessible(true);
      Object command = constructor.newInstance();
      Class<?> commandLine = loader.loadClass("picocli.CommandLine");
      Object parser = commandLine.getConstructor(Object.class).newInstance(command);
      commandLine.getMethod("parseArgs", String[].class).invoke(parser, (Object) proxyOptions);
      Method config = commandType.getDeclaredMethod("config");
      config.setAccessible(true);
      Object settings = config.invoke(command);
      Class<?> serverType = loader.loadClass("dev.palisade.sidecar.proxy.SidecarServer");
      Object server = serverType.getMethod("create", settings.getClass()).invoke(null, settings);
      Object started = serverType.getMethod("start").invoke(server);
      ((CompletionStage<?>) started.getClass().getMethod("toCompletionStage").invoke(started)).toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
      return new Running(server, (int) serverType.getMethod("port").invoke(server),
          (int) serverType.getMethod("adminPort").invoke(server));
    } catch (InvocationTargetException e) {
      throw new AssertionError("sidecar did not start: " + e.getCause(), e.getCause());
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** A started sidecar: where agents connect, and its admin endpoints. */
  public final class Running implements AutoCloseable {
    private final Object server;
    private final int port;
    private final int adminPort;

    private Running(Object server, int port, int adminPort) {
      this.server = server;
      this.port = port;
      this.adminPort = adminPort;
    }

    /** The MCP endpoint {@code path} of the upstream, through this sidecar. */
    public URI endpoint(String path) {
      return URI.create("http://127.0.0.1:" + port + path);
    }

    /** The sum of a Prometheus metric's samples on {@code /metrics} (0 when absent). */
    public double metric(String name) {
      try {
        String scrape = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics"))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        return scrape.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
            .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }

    @Override
    public void close() throws Exception {
      ((AutoCloseable) server).close();
    }
  }

  @Override
  public void close() throws Exception {
    loader.close();
  }
}
