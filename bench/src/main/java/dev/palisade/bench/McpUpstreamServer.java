package dev.palisade.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in MCP server on 127.0.0.1, on its own single event loop: it answers JSON-RPC POSTs to
 * {@code /mcp} with precomputed tool results. Two tools:
 *
 * <ul>
 *   <li>{@code generate_text {bytes, answer}}: a text result of {@code bytes} bytes, as
 *       {@code application/json} or as one SSE event ({@code answer: "json" | "sse"});
 *   <li>{@code stream_slowly {delayMs}}: an SSE stream whose first event (a progress notification)
 *       is sent at once and whose result follows after {@code delayMs}.
 * </ul>
 *
 * <p>GET {@code /mcp} opens a session's server-to-client SSE stream that stays open and silent.
 */
final class McpUpstreamServer implements AutoCloseable {
  static final String PATH = "/mcp";
  static final int SLOW_STREAM_TEXT_BYTES = 1024;

  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
  private final ToolCallAnswers answers;
  private int port;

  McpUpstreamServer(ToolCallAnswers answers) {
    this.answers = answers;
  }

  Future<Integer> start() {
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(this::handle)
        .listen()
        .map(server -> port = server.actualPort());
  }

  int port() {
    return port;
  }

  private void handle(HttpServerRequest request) {
    if (request.method() == HttpMethod.GET && PATH.equals(request.path())) {
      openIdleStream(request.response());
      return;
    }
    if (request.method() != HttpMethod.POST || !PATH.equals(request.path())) {
      request.response().setStatusCode(405).end();
      return;
    }
    request.body().onSuccess(body -> answer(request.response(), body))
        .onFailure(failure -> request.response().setStatusCode(400).end());
  }

  private void answer(HttpServerResponse response, Buffer body) {
    JsonObject call;
    try {
      call = body.toJsonObject();
    } catch (DecodeException e) {
      response.setStatusCode(400).end();
      return;
    }
    String idJson = Json.encode(call.getValue("id"));
    JsonObject params = call.getJsonObject("params", new JsonObject());
    JsonObject arguments = params.getJsonObject("arguments", new JsonObject());
    if (!"tools/call".equals(call.getString("method"))) {
      response.setStatusCode(400).end();
    } else if ("stream_slowly".equals(params.getString("name"))) {
      streamSlowly(response, idJson, arguments.getLong("delayMs", 100L));
    } else {
      generateText(response, idJson, arguments.getInteger("bytes", 1024), AnswerType.fromArgument(arguments.getString("answer")));
    }
  }

  private void generateText(HttpServerResponse response, String idJson, int bytes, AnswerType type) {
    if (!answers.knows(bytes)) {
      response.setStatusCode(400).end();
      return;
    }
    response.putHeader(HttpHeaders.CONTENT_TYPE, type.contentType).end(answers.answer(type, idJson, bytes));
  }

  /** The GET stream of a session: headers and a comment at once, then silence until the client leaves. */
  private void openIdleStream(HttpServerResponse response) {
    response.setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, AnswerType.SSE.contentType);
    response.write(Buffer.buffer(": stream open\n\n"));
  }

  private void streamSlowly(HttpServerResponse response, String idJson, long delayMs) {
    response.setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, AnswerType.SSE.contentType);
    response.write(ToolCallAnswers.progressEvent(idJson));
    vertx.setTimer(delayMs, timer -> response.end(answers.answer(AnswerType.SSE, idJson, SLOW_STREAM_TEXT_BYTES)));
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
