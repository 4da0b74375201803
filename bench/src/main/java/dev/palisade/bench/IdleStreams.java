package dev.palisade.bench;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens {@code count} idle sessions at once: each a GET SSE stream (the server-to-client stream of a
 * Streamable HTTP session) with its own {@code Mcp-Session-Id} on its own connection, kept open and
 * silent until {@link #close()}.
 */
final class IdleStreams implements AutoCloseable {
  private final HttpClientAgent client;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();

  IdleStreams(Vertx vertx, int count) {
    this.client = vertx.httpClientBuilder()
        .with(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(30_000))
        .with(new PoolOptions().setHttp1MaxSize(count))
        .build();
  }

  /** Opens them and waits until every stream answered with its headers or failed. Returns the open count. */
  int open(BenchTarget target, int count, String runId) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    AtomicInteger settled = new AtomicInteger();
    for (int i = 0; i < count; i++) {
      MultiMap headers = MultiMap.caseInsensitiveMultiMap()
          .add(HttpHeaders.ACCEPT, "text/event-stream")
          .add("MCP-Protocol-Version", ToolCallRequests.PROTOCOL_VERSION)
          .add("Mcp-Session-Id", "idle-" + runId + "-" + i);
      RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
          .setPort(target.port()).setURI(McpUpstreamServer.PATH).setHeaders(headers);
      client.request(options).compose(request -> request.send())
          .onComplete(outcome -> {
            if (outcome.succeeded() && outcome.result().statusCode() == 200) {
              outcome.result().handler(chunk -> {});
              open.incrementAndGet();
            } else {
              failed.incrementAndGet();
            }
            if (settled.incrementAndGet() == count) {
              done.complete(null);
            }
          });
    }
    try {
      done.get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      failed.addAndGet(count - settled.get()); // still waiting after 30 s: counted as failed
    }
    return open.get();
  }

  int failed() {
    return failed.get();
  }

  @Override
  public void close() throws Exception {
    client.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
