package dev.palisade.operator.monitoring;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's plain-HTTP port for the kubelet and Prometheus: {@code /healthz} (the process
 * answers), {@code /readyz} (the JOSDK operator started and every informer is healthy) and
 * {@code /metrics} (Prometheus text format). It serves nothing else and reads no request body.
 */
public final class MonitoringServer implements AutoCloseable {
  /** Readiness and, when not ready, why. */
  public record Readiness(boolean ready, String detail) {}

  private static final Logger log = LoggerFactory.getLogger(MonitoringServer.class);

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
    Thread thread = new Thread(r, "palisade-monitoring");
    thread.setDaemon(true);
    return thread;
  });

  private MonitoringServer(HttpServer server) {
    this.server = server;
  }

  public static MonitoringServer start(InetSocketAddress address, PrometheusMeterRegistry registry,
      Supplier<Readiness> readiness) throws IOException {
    HttpServer server = HttpServer.create(address, 16);
    MonitoringServer monitoring = new MonitoringServer(server);
    server.createContext("/healthz", exchange -> answer(exchange, 200, "text/plain", "ok\n"));
    server.createContext("/readyz", exchange -> {
      Readiness now = readiness.get();
      answer(exchange, now.ready() ? 200 : 503, "text/plain", (now.ready() ? "ok" : "not ready: " + now.detail()) + "\n");
    });
    server.createContext("/metrics", exchange -> answer(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
        registry.scrape()));
    server.createContext("/", exchange -> answer(exchange, 404, "text/plain", "not found\n"));
    server.setExecutor(monitoring.executor);
    server.start();
    log.info("health and metrics listening on {}", server.getAddress());
    return monitoring;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void answer(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      boolean head = "HEAD".equals(exchange.getRequestMethod());
      exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
