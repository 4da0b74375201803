package dev.palisade.sidecar.proxy;

import dev.palisade.sidecar.config.SidecarConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the server the answers it is owed when the proxy blocked one of its requests to the client
 * (a sampling or elicitation request carrying injected instructions, say): the server gets a JSON-RPC
 * error instead of waiting forever, on the same endpoint and session the client would have used.
 */
final class UpstreamAnswers {
  private static final Logger log = LoggerFactory.getLogger(UpstreamAnswers.class);
  private final HttpClient client;
  private final SidecarConfig config;

  UpstreamAnswers(HttpClient client, SidecarConfig config) {
    this.client = client;
    this.config = config;
  }

  /**
   * @param uri path and query the client posts its messages to
   * @param sessionId the Streamable HTTP session, or {@code null}
   * @param protocolVersion the negotiated protocol version header, or {@code null}
   */
  void send(String uri, String sessionId, String protocolVersion, byte[] answer) {
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setHost(config.upstream().getHost())
        .setPort(config.upstreamPort())
        .setSsl(config.upstreamTls())
        .setURI(uri)
        .setConnectTimeout(config.limits().connectTimeout().toMillis())
        .setIdleTimeout(config.limits().responseTimeout().toMillis())
        .putHeader("content-type", "application/json")
        .putHeader("accept", "application/json, text/event-stream");
    if (sessionId != null) {
      options.putHeader("Mcp-Session-Id", sessionId);
    }
    if (protocolVersion != null) {
      options.putHeader("MCP-Protocol-Version", protocolVersion);
    }
    client.request(options)
        .compose(request -> request.send(Buffer.buffer(answer))
            .compose(response -> response.body().map(body -> response.statusCode())))
        .onComplete(result -> {
          if (result.failed() || result.result() >= 400) {
            log.warn("could not answer the server's blocked request on {}: {}", uri,
                result.failed() ? result.cause().toString() : "HTTP " + result.result());
          }
        });
  }
}
