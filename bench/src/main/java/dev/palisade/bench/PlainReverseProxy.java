package dev.palisade.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.httpproxy.HttpProxy;
import java.util.concurrent.TimeUnit;

/**
 * The baseline: a Vert.x {@link HttpProxy} with no interceptor, laid out like the sidecar (one
 * listener and one upstream pool per core, in its own Vert.x instance), so that the difference
 * between it and Palisade is the cost of inspection, not of proxying.
 */
final class PlainReverseProxy implements AutoCloseable {
  /**
   * Port 0 would give every listener its own random port (and all traffic to whichever one we
   * report); a negative port makes Vert.x pick one random port and share it between them.
   */
  private static final int SHARED_RANDOM_PORT = -1;

  private final Vertx vertx = Vertx.vertx();
  private final int upstreamPort;
  private final int listenPort;
  private volatile int port;

  PlainReverseProxy(int upstreamPort) {
    this(upstreamPort, SHARED_RANDOM_PORT);
  }

  PlainReverseProxy(int upstreamPort, int listenPort) {
    this.upstreamPort = upstreamPort;
    this.listenPort = listenPort;
  }

  /** Runs as the benchmark's child process: {@code PlainReverseProxy UPSTREAM_PORT LISTEN_PORT}, until killed. */
  public static void main(String[] args) throws Exception {
    PlainReverseProxy proxy = new PlainReverseProxy(Integer.parseInt(args[0]), Integer.parseInt(args[1]));
    proxy.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    System.out.println("plain proxy listening on 127.0.0.1:" + proxy.port());
  }

  Future<Integer> start() {
    int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
    return vertx.deployVerticle(ListenerVerticle::new, new DeploymentOptions().setInstances(instances))
        .map(id -> port);
  }

  int port() {
    return port;
  }

  private final class ListenerVerticle extends VerticleBase {
    @Override
    public Future<?> start() {
      HttpClient client = vertx.httpClientBuilder()
          .with(new HttpClientOptions().setKeepAlive(true))
          .with(new PoolOptions().setHttp1MaxSize(4096))
          .build();
      HttpProxy proxy = HttpProxy.reverseProxy(client).origin(upstreamPort, "127.0.0.1");
      return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(listenPort))
          .requestHandler(proxy)
          .listen()
          .onSuccess(server -> port = server.actualPort());
    }
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
