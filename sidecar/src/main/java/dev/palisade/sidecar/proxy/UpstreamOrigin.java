package dev.palisade.sidecar.proxy;

import dev.palisade.sidecar.config.SidecarConfig;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.httpproxy.OriginRequestProvider;
import io.vertx.httpproxy.ProxyContext;

/**
 * Opens the request to the upstream MCP server: TLS when the upstream URL says https, a connect
 * timeout, and an idle timeout that suits the exchange (a long one for SSE streams opened by GET,
 * the response timeout for everything else).
 */
final class UpstreamOrigin implements OriginRequestProvider {
  private final SidecarConfig config;

  UpstreamOrigin(SidecarConfig config) {
    this.config = config;
  }

  @Override
  public Future<HttpClientRequest> create(ProxyContext context) {
    boolean stream = context.request().getMethod() == HttpMethod.GET;
    long idle = (stream ? config.limits().streamIdleTimeout() : config.limits().responseTimeout()).toMillis();
    RequestOptions options = new RequestOptions()
        .setHost(config.upstream().getHost())
        .setPort(config.upstreamPort())
        .setSsl(config.upstreamTls())
        .setConnectTimeout(config.limits().connectTimeout().toMillis())
        .setIdleTimeout(idle);
    return context.client().request(options);
  }
}
