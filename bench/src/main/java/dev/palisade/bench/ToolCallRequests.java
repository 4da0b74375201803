package dev.palisade.bench;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * The JSON-RPC requests the load generator sends, as a 2025-06-18 Streamable HTTP client would:
 * a session id per simulated client, a protocol version header, and an Accept header that allows
 * both answer types. Ids are unique per run so the sidecar's request correlation works as in life.
 */
final class ToolCallRequests {
  static final String PROTOCOL_VERSION = "2025-06-18";

  private ToolCallRequests() {}

  static Buffer generateText(long id, int bytes, AnswerType answer) {
    return Buffer.buffer("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":"
        + "\"generate_text\",\"arguments\":{\"bytes\":" + bytes + ",\"answer\":\"" + answer.argument + "\"}}}");
  }

  static Buffer streamSlowly(long id, long delayMs) {
    return Buffer.buffer("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":"
        + "\"stream_slowly\",\"arguments\":{\"delayMs\":" + delayMs + "},\"_meta\":{\"progressToken\":" + id + "}}}");
  }

  static RequestOptions post(BenchTarget target, String sessionId) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add(HttpHeaders.CONTENT_TYPE, "application/json")
        .add(HttpHeaders.ACCEPT, "application/json, text/event-stream")
        .add("MCP-Protocol-Version", PROTOCOL_VERSION)
        .add("Mcp-Session-Id", sessionId);
    return new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setHost("127.0.0.1")
        .setPort(target.port())
        .setURI(McpUpstreamServer.PATH)
        .setHeaders(headers);
  }
}
