package dev.palisade.sidecar.proxy;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * An MCP server stand-in on loopback whose behaviour each test scripts. It records every request
 * it receives (method, path, headers, body) so tests can assert what reached it and what did not.
 */
final class FakeUpstream implements AutoCloseable {
  record Received(String method, String uri, io.vertx.core.MultiMap headers, String body) {}

  /** Answers one request; the body has been read. */
  interface Script {
    void answer(HttpServerRequest request, Buffer body);
  }

  private final Vertx vertx;
  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile Script script = (request, body) -> request.response().setStatusCode(500).end();

  FakeUpstream(Vertx vertx) throws Exception {
    this.vertx = vertx;
    Handler<HttpServerRequest> handler = request -> request.body().onSuccess(body -> {
      received.add(new Received(request.method().name(), request.uri(), io.vertx.core.MultiMap.caseInsensitiveMultiMap()
          .addAll(request.headers()), body.toString()));
      script.answer(request, body);
    });
    this.server = vertx.createHttpServer().requestHandler(handler).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  void script(Script script) {
    this.script = script;
  }

  /** Answers every POST with this JSON body. */
  void answerJson(String json) {
    script((request, body) -> request.response().putHeader("content-type", "application/json").end(json));
  }

  int port() {
    return server.actualPort();
  }

  List<Received> received() {
    return received;
  }

  Vertx vertx() {
    return vertx;
  }

  @Override
  public void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
