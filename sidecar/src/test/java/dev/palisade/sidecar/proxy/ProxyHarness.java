package dev.palisade.sidecar.proxy;

import dev.palisade.sidecar.audit.AuditRecord;
import dev.palisade.sidecar.audit.AuditLog;
import dev.palisade.sidecar.config.SidecarConfig;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** A fake upstream and an embedded sidecar in front of it, plus a client that talks to the sidecar. */
final class ProxyHarness implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final FakeUpstream upstream;
  final SidecarServer sidecar;
  final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ProxyHarness(UnaryOperator<SidecarConfig> configure) throws Exception {
    upstream = new FakeUpstream(vertx);
    SidecarConfig config = configure.apply(
        SidecarConfig.defaults(URI.create("http://127.0.0.1:" + upstream.port() + "/mcp")));
    AuditLog auditLog = new AuditLog() {
      @Override
      public void record(AuditRecord record) {
        audit.add(record);
      }

      @Override
      public void close() {}
    };
    sidecar = new SidecarServer(config, Clock.systemUTC(), auditLog, evidence -> List.of());
    sidecar.start().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  ProxyHarness() throws Exception {
    this(c -> c);
  }

  /** A harness whose sidecar runs with these limits. */
  static ProxyHarness withLimits(dev.palisade.sidecar.config.ProxyLimits limits) throws Exception {
    return new ProxyHarness(c -> c.withLimits(limits));
  }

  /** The data lines of every SSE event in a body, parsed as JSON. */
  static List<com.fasterxml.jackson.databind.JsonNode> sseEvents(String body) throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    List<com.fasterxml.jackson.databind.JsonNode> events = new java.util.ArrayList<>();
    for (String line : body.split("\n")) {
      if (line.startsWith("data: ")) {
        events.add(json.readTree(line.substring(6)));
      }
    }
    return events;
  }

  /** Starts a chunked {@code text/event-stream} answer on an upstream request. */
  static void startSse(io.vertx.core.http.HttpServerRequest request) {
    request.response().setChunked(true).putHeader("content-type", "text/event-stream");
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + sidecar.port() + path);
  }

  HttpRequest.Builder post(String path, String json) {
    return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
        .header("content-type", "application/json")
        .header("accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(json));
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> postJson(String json) throws Exception {
    return send(post("/mcp", json));
  }

  @Override
  public void close() throws Exception {
    sidecar.close();
    upstream.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
