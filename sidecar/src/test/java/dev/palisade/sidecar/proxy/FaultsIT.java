package dev.palisade.sidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.mcp.JsonRpcErrorCodes;
import dev.palisade.sidecar.config.ProxyLimits;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hostile clients, failing upstreams and crossed limits: each ends in a clear error or a clean close. */
class FaultsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"t\"}}";

  @Test
  void oversizedBodiesAreRefusedBeforeTheyAreRead() throws Exception {
    try (ProxyHarness h = ProxyHarness.withLimits(ProxyLimits.DEFAULTS.withMaxMessageBytes(1024))) {
      String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"x\":\"" + "a".repeat(4096) + "\"}}";
      HttpResponse<String> response = h.postJson(big);
      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(JSON.readTree(response.body()).at("/error/code").asInt()).isEqualTo(JsonRpcErrorCodes.LIMIT_EXCEEDED);
      assertThat(h.upstream.received()).isEmpty();
      assertThat(h.sidecar.metrics().scrape()).contains("palisade_limit_hits_total{limit=\"request_body_size\"} 1.0");
    }
  }

  @Test
  void anOversizedSseEventEndsTheStreamWithAnErrorForThePendingRequest() throws Exception {
    try (ProxyHarness h = ProxyHarness.withLimits(ProxyLimits.DEFAULTS.withMaxSseEventBytes(512))) {
      h.upstream.script((request, body) -> {
        ProxyHarness.startSse(request);
        request.response().write("data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}\n\n");
        request.response().end("data: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"text\":\"" + "x".repeat(2048) + "\"}}\n\n");
      });
      HttpResponse<String> response = h.postJson(CALL);
      List<JsonNode> events = ProxyHarness.sseEvents(response.body());
      assertThat(events).hasSize(2);
      assertThat(events.get(0).path("method").asText()).isEqualTo("notifications/progress");
      assertThat(events.get(1).at("/id").asInt()).isEqualTo(7);
      assertThat(events.get(1).at("/error/code").asInt()).isEqualTo(JsonRpcErrorCodes.LIMIT_EXCEEDED);
      assertThat(response.body()).doesNotContain("xxxxxxxx");
    }
  }

  @Test
  void aTruncatedSseStreamIsNotPassedOnAndThePendingRequestGetsAnError() throws Exception {
    try (ProxyHarness h = new ProxyHarness()) {
      h.upstream.script((request, body) -> {
        ProxyHarness.startSse(request);
        request.response().end("data: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"text\":\"cut off her");
      });
      List<JsonNode> events = ProxyHarness.sseEvents(h.postJson(CALL).body());
      assertThat(events).singleElement().satisfies(e -> {
        assertThat(e.at("/id").asInt()).isEqualTo(7);
        assertThat(e.at("/error/code").asInt()).isEqualTo(JsonRpcErrorCodes.UPSTREAM_UNAVAILABLE);
      });
    }
  }

  @Test
  void anUpstreamThatDiesMidStreamEndsTheStreamCleanly() throws Exception {
    try (ProxyHarness h = new ProxyHarness()) {
      h.upstream.script((request, body) -> {
        ProxyHarness.startSse(request);
        request.response().write("data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}\n\n")
            .onComplete(v -> request.connection().close());
      });
      List<JsonNode> events = ProxyHarness.sseEvents(h.postJson(CALL).body());
      assertThat(events).hasSize(2);
      assertThat(events.get(1).at("/id").asInt()).isEqualTo(7);
      assertThat(events.get(1).at("/error/code").asInt()).isEqualTo(JsonRpcErrorCodes.UPSTREAM_UNAVAILABLE);
    }
  }

  @Test
  void anUnreachableUpstreamIsAJsonRpcErrorForTheRequest() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (ProxyHarness h = new ProxyHarness(c -> new dev.palisade.sidecar.config.SidecarConfig(c.serverName(),
        URI.create("http://127.0.0.1:" + closedPort + "/mcp"), c.listenHost(), 0, c.adminHost(), 0, c.limits(), false,
        c.trustMode(), null, null, false))) {
      HttpResponse<String> response = h.postJson(CALL);
      assertThat(response.statusCode()).isEqualTo(502);
      JsonNode error = JSON.readTree(response.body());
      assertThat(error.at("/id").asInt()).isEqualTo(7);
      assertThat(error.at("/error/code").asInt()).isEqualTo(JsonRpcErrorCodes.UPSTREAM_UNAVAILABLE);
    }
  }

  @Test
  void anUpstreamThatNeverAnswersTimesOut() throws Exception {
    ProxyLimits limits = ProxyLimits.DEFAULTS.withTimeouts(Duration.ofSeconds(30), Duration.ofMillis(300), Duration.ofMinutes(10));
    try (ProxyHarness h = ProxyHarness.withLimits(limits)) {
      h.upstream.script((request, body) -> { /* never answers */ });
      HttpResponse<String> response = h.postJson(CALL);
      assertThat(response.statusCode()).isEqualTo(504);
      assertThat(JSON.readTree(response.body()).at("/id").asInt()).isEqualTo(7);
    }
  }

  @Test
  void aClientThatSendsItsBodyTooSlowlyIsCutOff() throws Exception {
    ProxyLimits limits = ProxyLimits.DEFAULTS.withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(30), Duration.ofMinutes(10));
    try (ProxyHarness h = ProxyHarness.withLimits(limits); Socket socket = new Socket("127.0.0.1", h.sidecar.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /mcp HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"jsonrpc\"")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(answer).isEqualTo("HTTP/1.1 408");
      assertThat(h.upstream.received()).isEmpty();
    }
  }

  @Test
  void aClientThatNeverReadsPushesBackOnTheUpstreamInsteadOfBeingBuffered() throws Exception {
    int messages = 20_000; // 20 MB if nothing pushed back
    java.util.concurrent.CompletableFuture<Integer> writtenBeforeBackpressure = new java.util.concurrent.CompletableFuture<>();
    try (ProxyHarness h = new ProxyHarness(); Socket socket = new Socket("127.0.0.1", h.sidecar.port())) {
      h.upstream.script((request, body) -> {
        ProxyHarness.startSse(request);
        var response = request.response();
        int written = 0;
        while (written < messages && !response.writeQueueFull()) {
          response.write("data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"data\":\""
              + "y".repeat(1000) + "\"}}\n\n");
          written++;
        }
        int count = written;
        // keep trying while the queue drains, still bounded by the message count
        response.drainHandler(v -> writtenBeforeBackpressure.complete(count));
        h.vertx.setTimer(2000, t -> writtenBeforeBackpressure.complete(count));
      });
      OutputStream out = socket.getOutputStream();
      out.write(("POST /mcp HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + CALL.length()
          + "\r\n\r\n" + CALL).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      socket.setSoTimeout(10_000);
      assertThat(new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
      // The client reads nothing more. The upstream's queue fills because the proxy stopped reading it.
      int written = writtenBeforeBackpressure.get(20, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(written).isLessThan(messages);
    }
  }

  @Test
  void tooManyOpenStreamsIsRefusedWith503() throws Exception {
    try (ProxyHarness h = ProxyHarness.withLimits(ProxyLimits.DEFAULTS.withMaxOpenStreams(0))) {
      h.upstream.script((request, body) -> {
        ProxyHarness.startSse(request);
        request.response().end("data: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}\n\n");
      });
      HttpResponse<String> response = h.postJson(CALL);
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(JSON.readTree(response.body()).at("/error/code").asInt()).isEqualTo(JsonRpcErrorCodes.LIMIT_EXCEEDED);
    }
  }

  @Test
  void malformedSseMessagesAreDroppedNotForwarded() throws Exception {
    try (ProxyHarness h = new ProxyHarness()) {
      h.upstream.script((request, body) -> {
        ProxyHarness.startSse(request);
        request.response().write(": comment\n\n");
        request.response().write("data: {not json at all\n\n");
        request.response().end("id: 3\ndata: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}\n\n");
      });
      String body = h.postJson(CALL).body();
      assertThat(body).doesNotContain("not json").contains(": comment").contains("id: 3");
      assertThat(ProxyHarness.sseEvents(body)).singleElement().satisfies(e -> assertThat(e.at("/id").asInt()).isEqualTo(7));
    }
  }
}
