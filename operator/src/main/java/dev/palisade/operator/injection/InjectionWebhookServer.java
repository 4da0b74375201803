package dev.palisade.operator.injection;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mutating webhook endpoint, {@code POST /mutate-pods}, over HTTPS with the JDK's own server (no
 * Vert.x in the operator). The TLS context comes from the operator's certificate manager or from a
 * cert-manager secret mounted into the pod.
 */
public final class InjectionWebhookServer implements AutoCloseable {
  public static final String PATH = "/mutate-pods";
  private static final Logger log = LoggerFactory.getLogger(InjectionWebhookServer.class);
  private static final int MAX_REVIEW_BYTES = 4 * 1024 * 1024;

  private final HttpsServer server;
  private final ExecutorService executor;

  public InjectionWebhookServer(InetSocketAddress address, SSLContext tls, AdmissionHandler handler) throws IOException {
    this.server = HttpsServer.create(address, 0);
    this.executor = Executors.newFixedThreadPool(2, r -> {
      Thread thread = new Thread(r, "palisade-webhook");
      thread.setDaemon(true);
      return thread;
    });
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.setExecutor(executor);
    server.createContext(PATH, exchange -> handle(exchange, handler));
  }

  public InjectionWebhookServer start() {
    server.start();
    log.info("injection webhook listening address={} path={}", server.getAddress(), PATH);
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void handle(HttpExchange exchange, AdmissionHandler handler) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(MAX_REVIEW_BYTES + 1);
      }
      if (body.length > MAX_REVIEW_BYTES) {
        exchange.sendResponseHeaders(413, -1);
        return;
      }
      byte[] answer;
      int status;
      try {
        answer = handler.review(new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        status = 200;
      } catch (RuntimeException e) {
        log.warn("admission review rejected: {}", e.getClass().getSimpleName());
        answer = "{\"error\":\"not an AdmissionReview for a pod\"}".getBytes(StandardCharsets.UTF_8);
        status = 400;
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, answer.length);
      exchange.getResponseBody().write(answer);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
