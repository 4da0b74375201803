package dev.palisade.sidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.mcp.JsonRpcErrorCodes;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy between a client and a scripted upstream: transports, pass-through and refusals. */
class McpProxyIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
  private ProxyHarness harness;

  @BeforeEach
  void start() throws Exception {
    harness = new ProxyHarness();
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  private static JsonNode json(String body) throws Exception {
    return JSON.readTree(body);
  }

  @Test
  void jsonAnswersPassByteForByte() throws Exception {
    String odd = "{ \"jsonrpc\" : \"2.0\",\"id\":1 , \"result\":{\"tools\":[ {\"name\":\"echo\",\"description\":\"Echoes \\u00e9\"} ]} }";
    harness.upstream.answerJson(odd);
    HttpResponse<String> response = harness.postJson(LIST);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(odd);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(harness.upstream.received()).singleElement().satisfies(r -> {
      assertThat(r.body()).isEqualTo(LIST);
      assertThat(r.headers().get("accept-encoding")).isNull();
    });
  }

  @Test
  void sseAnswersStreamEventByEventWithoutWaitingForTheEnd() throws Exception {
    CompletableFuture<Void> clientSawFirstEvent = new CompletableFuture<>();
    harness.upstream.script((request, body) -> {
      var response = request.response().setChunked(true).putHeader("content-type", "text/event-stream");
      response.write("event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progress\":1}}\n\n");
      clientSawFirstEvent.whenComplete((v, e) -> harness.vertx.runOnContext(x ->
          response.end("event: message\nid: 9\ndata: {\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{\"content\":[]}}\n\n")));
    });
    HttpResponse<Stream<String>> response = harness.client.send(
        harness.post("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\"}}").build(),
        HttpResponse.BodyHandlers.ofLines());
    assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
    Iterator<String> lines = response.body().iterator();
    assertThat(lines.next()).isEqualTo("event: message");
    assertThat(lines.next()).contains("notifications/progress");
    assertThat(lines.next()).isEmpty();
    clientSawFirstEvent.complete(null); // the upstream only finishes once the first event has arrived
    assertThat(lines.next()).isEqualTo("event: message");
    assertThat(lines.next()).isEqualTo("id: 9");
    assertThat(lines.next()).contains("\"id\":5");
  }

  @Test
  void malformedJsonIsRefusedAndNeverForwarded() throws Exception {
    HttpResponse<String> response = harness.postJson("{\"jsonrpc\":\"2.0\",\"id\":1,");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response.body()).at("/error/code").asInt()).isEqualTo(JsonRpcErrorCodes.PARSE_ERROR);
    assertThat(harness.upstream.received()).isEmpty();
    assertThat(harness.audit).singleElement().satisfies(a -> assertThat(a.proxyReason()).contains("invalid JSON"));
  }

  @Test
  void invalidJsonRpcIsRefused() throws Exception {
    HttpResponse<String> response = harness.postJson("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\",\"result\":{}}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response.body()).at("/error/code").asInt()).isEqualTo(JsonRpcErrorCodes.INVALID_REQUEST);
    assertThat(harness.upstream.received()).isEmpty();
  }

  @Test
  void invalidUtf8IsRefused() throws Exception {
    byte[] body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"params\":{\"a\":\"..\"}}".getBytes();
    body[body.length - 5] = (byte) 0xFF;
    HttpResponse<String> response = harness.send(harness.post("/mcp", "").POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response.body()).at("/error/code").asInt()).isEqualTo(JsonRpcErrorCodes.PARSE_ERROR);
    assertThat(harness.upstream.received()).isEmpty();
  }

  @Test
  void deepNestingIsALimitNotACrash() throws Exception {
    String deep = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\",\"params\":{\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}}";
    HttpResponse<String> response = harness.postJson(deep);
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(json(response.body()).at("/error/code").asInt()).isEqualTo(JsonRpcErrorCodes.LIMIT_EXCEEDED);
    assertThat(harness.upstream.received()).isEmpty();
  }

  @Test
  void statelessHeaderMismatchIsRefusedWithHeaderMismatchAndNeverForwarded() throws Exception {
    String call = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"delete_everything\","
        + "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}}";
    HttpResponse<String> response = harness.send(harness.post("/mcp", call)
        .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "tools/call").header("Mcp-Name", "get_weather"));
    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = json(response.body());
    assertThat(error.at("/error/code").asInt()).isEqualTo(JsonRpcErrorCodes.HEADER_MISMATCH);
    assertThat(error.at("/id").asInt()).isEqualTo(3);
    assertThat(harness.upstream.received()).isEmpty();
  }

  @Test
  void agreeingStatelessRequestsPassWithTheirHeadersAndTraceContext() throws Exception {
    harness.upstream.answerJson("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"content\":[],\"resultType\":\"complete\"}}");
    String call = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"get_weather\","
        + "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
        + "\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"}}}";
    HttpResponse<String> response = harness.send(harness.post("/mcp", call)
        .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "tools/call").header("Mcp-Name", "get_weather")
        .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(harness.upstream.received()).singleElement().satisfies(r -> {
      assertThat(r.body()).isEqualTo(call);
      assertThat(r.headers().get("Mcp-Name")).isEqualTo("get_weather");
      assertThat(r.headers().get("traceparent")).startsWith("00-4bf92f35");
    });
  }

  @Test
  void serverDiscoverIsPassedWithItsCacheHintsUntouched() throws Exception {
    String discover = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\",\"params\":{\"_meta\":"
        + "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}}}";
    String answer = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"supportedVersions\":[\"2026-07-28\",\"2025-11-25\"],"
        + "\"capabilities\":{\"tools\":{\"listChanged\":true}},\"instructions\":\"Use get_weather for forecasts.\","
        + "\"ttlMs\":60000,\"cacheScope\":\"public\",\"resultType\":\"complete\"}}";
    harness.upstream.answerJson(answer);
    HttpResponse<String> response = harness.send(harness.post("/mcp", discover)
        .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "server/discover"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(answer);
    assertThat(harness.upstream.received()).singleElement().satisfies(r -> {
      assertThat(r.body()).isEqualTo(discover);
      assertThat(r.headers().get("Mcp-Method")).isEqualTo("server/discover");
    });
  }

  @Test
  void getAndDeleteAreAnsweredAsTheUpstreamAnswers() throws Exception {
    harness.upstream.script((request, body) -> request.response().setStatusCode(405).putHeader("allow", "POST").end());
    HttpResponse<String> get = harness.send(java.net.http.HttpRequest.newBuilder(harness.uri("/mcp"))
        .header("accept", "text/event-stream").GET());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("allow")).hasValue("POST");
    harness.upstream.script((request, body) -> request.response().setStatusCode(204).end());
    HttpResponse<String> delete = harness.send(java.net.http.HttpRequest.newBuilder(harness.uri("/mcp"))
        .header("Mcp-Session-Id", "s-1").DELETE());
    assertThat(delete.statusCode()).isEqualTo(204);
    assertThat(harness.upstream.received()).extracting(FakeUpstream.Received::method).containsExactly("GET", "DELETE");
  }

  @Test
  void notificationsAndClientAnswersPassWith202() throws Exception {
    harness.upstream.script((request, body) -> request.response().setStatusCode(202).end());
    HttpResponse<String> response = harness.postJson("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void batchesPassAndAreAnsweredInOneBody() throws Exception {
    String answer = "[{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}},{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{}}]";
    harness.upstream.answerJson(answer);
    HttpResponse<String> response = harness.postJson(
        "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"},{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}]");
    assertThat(response.body()).isEqualTo(answer);
  }

  @Test
  void nonMcpPathsWithFormBodiesPassUntouched() throws Exception {
    harness.upstream.script((request, body) -> request.response().putHeader("content-type", "application/json")
        .end("{\"access_token\":\"t\",\"token_type\":\"bearer\"}"));
    HttpResponse<String> response = harness.send(java.net.http.HttpRequest.newBuilder(harness.uri("/token"))
        .header("content-type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("access_token");
    assertThat(harness.upstream.received()).singleElement()
        .satisfies(r -> assertThat(r.body()).isEqualTo("grant_type=client_credentials"));
  }

  @Test
  void aMalformedUpstreamAnswerIsNotPassedOn() throws Exception {
    harness.upstream.answerJson("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":");
    HttpResponse<String> response = harness.postJson(LIST);
    assertThat(response.statusCode()).isEqualTo(502);
    JsonNode error = json(response.body());
    assertThat(error.at("/id").asInt()).isEqualTo(1);
    assertThat(error.at("/error/code").asInt()).isEqualTo(JsonRpcErrorCodes.UPSTREAM_UNAVAILABLE);
  }

  @Test
  void anUpstreamAnswerOfUnknownTypeIsNotPassedOn() throws Exception {
    harness.upstream.script((request, body) -> request.response().putHeader("content-type", "text/plain")
        .end("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"));
    assertThat(harness.postJson(LIST).statusCode()).isEqualTo(502);
  }

  @Test
  void aCompressedUpstreamAnswerIsNotPassedOn() throws Exception {
    harness.upstream.script((request, body) -> request.response().putHeader("content-type", "application/json")
        .putHeader("content-encoding", "gzip").end("not really gzip"));
    assertThat(harness.postJson(LIST).statusCode()).isEqualTo(502);
  }

  @Test
  void compressedRequestBodiesAreRefused() throws Exception {
    HttpResponse<String> response = harness.send(harness.post("/mcp", LIST).header("content-encoding", "gzip"));
    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(harness.upstream.received()).isEmpty();
  }

  @Test
  void healthAndMetricsAreServedOnTheAdminPort() throws Exception {
    harness.upstream.answerJson("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[]}}");
    harness.postJson(LIST);
    harness.postJson("{");
    var admin = "http://127.0.0.1:" + harness.sidecar.adminPort();
    assertThat(harness.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(admin + "/healthz"))).statusCode()).isEqualTo(200);
    assertThat(harness.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(admin + "/readyz"))).statusCode()).isEqualTo(200);
    String metrics = harness.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(admin + "/metrics"))).body();
    assertThat(metrics).contains("palisade_messages_total{action=\"allow\",direction=\"request\"} 1.0")
        .contains("palisade_messages_total{action=\"allow\",direction=\"response\"} 1.0");
  }

  static void await(CompletableFuture<?> future) throws Exception {
    future.get(10, TimeUnit.SECONDS);
  }
}
