package dev.palisade.e2e.sdk;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Streamable HTTP session driven by hand, for what an SDK client hides: response media types, the
 * session id, and DELETE.
 */
final class RawStreamableSession {
  private static final String PROTOCOL = "2025-11-25";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final URI endpoint;
  private final String sessionId;
  private final String initializeContentType;
  private final AtomicInteger ids = new AtomicInteger(1);

  record Answer(int status, String contentType, String body) {}

  /** What one scripted session saw: initialize, a tool call, DELETE, and the same call after it. */
  record Transcript(String initializeContentType, Answer call, int deleteStatus, Answer callAfterDelete) {
    java.util.List<Integer> statuses() {
      return java.util.List.of(call.status(), deleteStatus, callAfterDelete.status());
    }
  }

  static Transcript transcript(URI endpoint, String tool) throws IOException, InterruptedException {
    RawStreamableSession session = open(endpoint);
    Answer call = session.callTool(tool);
    int deleted = session.delete();
    return new Transcript(session.initializeContentType(), call, deleted, session.callTool(tool));
  }

  private RawStreamableSession(URI endpoint, String sessionId, String initializeContentType) {
    this.endpoint = endpoint;
    this.sessionId = sessionId;
    this.initializeContentType = initializeContentType;
  }

  static RawStreamableSession open(URI endpoint) throws IOException, InterruptedException {
    String initialize = """
        {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"%s","capabilities":{},\
        "clientInfo":{"name":"palisade-e2e-raw","version":"1.0.0"}}}""".formatted(PROTOCOL);
    HttpResponse<String> response = HTTP.send(post(endpoint, null, initialize), HttpResponse.BodyHandlers.ofString());
    String session = response.headers().firstValue("Mcp-Session-Id")
        .orElseThrow(() -> new IllegalStateException("no session id in the initialize answer: " + response.statusCode()));
    HTTP.send(post(endpoint, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"),
        HttpResponse.BodyHandlers.discarding());
    return new RawStreamableSession(endpoint, session, response.headers().firstValue("Content-Type").orElse(""));
  }

  String initializeContentType() {
    return initializeContentType;
  }

  Answer callTool(String tool) throws IOException, InterruptedException {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":{\"name\":\"%s\",\"arguments\":{}}}"
        .formatted(ids.getAndIncrement(), tool);
    HttpResponse<String> response = HTTP.send(post(endpoint, sessionId, body), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
  }

  int delete() throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
        .header("Mcp-Session-Id", sessionId).header("MCP-Protocol-Version", PROTOCOL).DELETE().build();
    return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static HttpRequest post(URI endpoint, String session, String body) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (session != null) {
      builder.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", PROTOCOL);
    }
    return builder.build();
  }
}
