package dev.palisade.sidecar.warmup;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A small MCP server on loopback for the warm-up run: answers {@code initialize}, {@code tools/list}
 * and {@code tools/call} over streamable HTTP, as JSON or, for the {@code stream} tool, as an SSE
 * stream, so a warm-up takes the proxy's JSON and SSE paths both ways.
 */
final class StandInServer {
  static final String PATH = "/mcp";
  private static final String PROTOCOL_VERSION = "2025-06-18";

  private final Vertx vertx;
  private HttpServer server;

  StandInServer(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Listens on a free loopback port; completes with it. */
  Future<Integer> start() {
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(this::handle)
        .listen()
        .map(listening -> {
          server = listening;
          return listening.actualPort();
        });
  }

  private void handle(HttpServerRequest request) {
    if (!request.path().equals(PATH) || request.method().name().equals("GET")) {
      request.response().setStatusCode(request.path().equals(PATH) ? 405 : 404).end();
      return;
    }
    request.body().onSuccess(body -> answer(request, new JsonObject(body)))
        .onFailure(failure -> request.response().setStatusCode(400).end());
  }

  private void answer(HttpServerRequest request, JsonObject message) {
    Object id = message.getValue("id");
    if (id == null) {
      request.response().setStatusCode(202).end(); // a notification
      return;
    }
    String method = message.getString("method", "");
    JsonObject params = message.getJsonObject("params", new JsonObject());
    JsonObject result = switch (method) {
      case "initialize" -> new JsonObject()
          .put("protocolVersion", PROTOCOL_VERSION)
          .put("capabilities", new JsonObject().put("tools", new JsonObject()))
          .put("serverInfo", new JsonObject().put("name", "palisade-warm-up").put("version", "1"));
      case "tools/list" -> new JsonObject().put("tools", new JsonArray()
          .add(tool("lookup", "Looks up a customer record by id and returns the account summary."))
          .add(tool("stream", "Streams the latest entries of the order log.")));
      case "tools/call" -> callResult(params);
      default -> null;
    };
    JsonObject reply = new JsonObject().put("jsonrpc", "2.0").put("id", id);
    if (result == null) {
      reply.put("error", new JsonObject().put("code", -32601).put("message", "method not found"));
    } else {
      reply.put("result", result);
    }
    if ("tools/call".equals(method) && "stream".equals(params.getString("name"))) {
      request.response().putHeader("content-type", "text/event-stream")
          .end(Buffer.buffer("event: message\ndata: " + reply.encode() + "\n\n"));
    } else {
      request.response().putHeader("content-type", "application/json").end(reply.toBuffer());
    }
  }

  private static JsonObject tool(String name, String description) {
    return new JsonObject().put("name", name).put("description", description)
        .put("inputSchema", new JsonObject().put("type", "object")
            .put("properties", new JsonObject().put("query", new JsonObject().put("type", "string"))));
  }

  /** Echoes the query back inside a short text, so a finding in the request reappears in the answer. */
  private static JsonObject callResult(JsonObject params) {
    String query = params.getJsonObject("arguments", new JsonObject()).getString("query", "");
    String text = "Account summary for " + query + ": 3 open orders, last contact 2 days ago, contact ops@example.com.";
    return new JsonObject().put("content", new JsonArray().add(new JsonObject().put("type", "text").put("text", text)));
  }

  Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
