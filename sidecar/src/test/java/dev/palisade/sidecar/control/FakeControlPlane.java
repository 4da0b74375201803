package dev.palisade.sidecar.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the operator's control API on loopback: serves a scripted configuration with long
 * polling, and takes reports the way the operator does (idempotent per sidecar and sequence). It can
 * be made unavailable, or made to lose the acknowledgement of the next applied report.
 */
final class FakeControlPlane implements AutoCloseable {
  static final String TOKEN = "test-token";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final Object configLock = new Object();
  private String config;
  private String version;
  private volatile boolean available = true;
  private final AtomicInteger loseAcks = new AtomicInteger();
  private final Set<String> applied = ConcurrentHashMap.newKeySet();
  private final List<JsonNode> accepted = new CopyOnWriteArrayList<>();
  private final AtomicInteger retriesOfApplied = new AtomicInteger();
  private final AtomicInteger unauthorized = new AtomicInteger();
  private final AtomicInteger principalLookups = new AtomicInteger();
  /** The one agent token this fake control plane vouches for. */
  static final String AGENT_TOKEN = "agent-projected-token";

  int principalLookups() {
    return principalLookups.get();
  }

  FakeControlPlane() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/", this::handle);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "fake-control-plane");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void config(String version, String json) {
    synchronized (configLock) {
      this.version = version;
      this.config = json.replaceFirst("\\{", "{\"version\":\"" + version + "\",");
      configLock.notifyAll();
    }
  }

  void available(boolean up) {
    available = up;
  }

  /** The next report is applied but its acknowledgement is lost (answered 503). */
  void loseNextAck() {
    loseAcks.incrementAndGet();
  }

  List<JsonNode> accepted() {
    return accepted;
  }

  int retriesOfApplied() {
    return retriesOfApplied.get();
  }

  int unauthorized() {
    return unauthorized.get();
  }

  /** Sum of occurrences of violations of one policy rule over every accepted report. */
  long occurrences(String rule) {
    long sum = 0;
    for (JsonNode report : accepted) {
      for (JsonNode v : report.path("violations")) {
        if (rule.equals(v.path("rule").asText())) {
          sum += v.path("occurrences").asLong();
        }
      }
    }
    return sum;
  }

  private void handle(HttpExchange exchange) throws IOException {
    if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      unauthorized.incrementAndGet();
      send(exchange, 401, "{}");
      return;
    }
    String path = exchange.getRequestURI().getPath();
    if (path.equals("/v1/servers/team-a/weather/principals")) {
      principalLookups.incrementAndGet();
      String body = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      send(exchange, 200, body.contains("\"" + AGENT_TOKEN + "\"")
          ? "{\"principal\":\"system:serviceaccount:team-a:report-bot\"}" : "{\"principal\":null}");
      return;
    }
    if (path.equals("/v1/servers/team-a/weather/config")) {
      String query = exchange.getRequestURI().getQuery();
      String known = query != null && query.contains("version=") ? query.replaceAll(".*version=([^&]*).*", "$1") : null;
      String answer;
      synchronized (configLock) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (config == null || known != null && known.equals(version)) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          try {
            TimeUnit.NANOSECONDS.timedWait(configLock, left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
        answer = config == null || known != null && known.equals(version) ? null : config;
      }
      if (answer == null) {
        exchange.sendResponseHeaders(304, -1);
        exchange.close();
      } else {
        send(exchange, 200, answer);
      }
      return;
    }
    if (path.equals("/v1/servers/team-a/weather/reports") && "POST".equals(exchange.getRequestMethod())) {
      JsonNode report = JSON.readTree(exchange.getRequestBody().readAllBytes());
      if (!available) {
        send(exchange, 503, "{}");
        return;
      }
      String key = report.path("sidecar").asText() + "#" + report.path("sequence").asLong();
      if (applied.add(key)) {
        accepted.add(report);
      } else {
        retriesOfApplied.incrementAndGet();
      }
      if (loseAcks.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        send(exchange, 503, "{}");
        return;
      }
      send(exchange, 200, "{\"sequence\":" + report.path("sequence").asLong() + "}");
      return;
    }
    send(exchange, 404, "{}");
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
    exchange.close();
  }

  @Override
  public void close() {
    synchronized (configLock) {
      configLock.notifyAll();
    }
    server.stop(0);
  }
}
