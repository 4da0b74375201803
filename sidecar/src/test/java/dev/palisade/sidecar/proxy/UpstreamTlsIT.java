package dev.palisade.sidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.sidecar.audit.AuditLog;
import dev.palisade.sidecar.audit.AuditRecord;
import dev.palisade.sidecar.config.SidecarConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The upstream may speak TLS; the agent still talks plain HTTP to its local sidecar. */
class UpstreamTlsIT {
  private static final AuditLog NO_AUDIT = new AuditLog() {
    @Override
    public void record(AuditRecord record) {}

    @Override
    public void close() {}
  };

  @Test
  void proxiesToAnHttpsUpstream() throws Exception {
    Vertx vertx = Vertx.vertx();
    SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
    HttpServer upstream = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setKeyCertOptions(certificate.keyCertOptions()))
        .requestHandler(request -> request.response().putHeader("content-type", "application/json")
            .end("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tls\":" + request.isSSL() + "}}"))
        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    SidecarConfig config = SidecarConfig.defaults(URI.create("https://localhost:" + upstream.actualPort() + "/mcp"))
        .withTrustUpstreamCertificates(true);
    try (SidecarServer sidecar = new SidecarServer(config, Clock.systemUTC(), NO_AUDIT, e -> List.of())) {
      HttpResponse<String> response = ping(sidecar);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("\"tls\":true");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void anUntrustedUpstreamCertificateIsAnUpstreamError() throws Exception {
    Vertx vertx = Vertx.vertx();
    SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
    HttpServer upstream = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setKeyCertOptions(certificate.keyCertOptions()))
        .requestHandler(request -> request.response().end("{}"))
        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    SidecarConfig config = SidecarConfig.defaults(URI.create("https://localhost:" + upstream.actualPort() + "/mcp"));
    try (SidecarServer sidecar = new SidecarServer(config, Clock.systemUTC(), NO_AUDIT, e -> List.of())) {
      HttpResponse<String> response = ping(sidecar);
      assertThat(response.statusCode()).isEqualTo(502);
      assertThat(response.body()).contains("\"id\":1");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static HttpResponse<String> ping(SidecarServer sidecar) throws Exception {
    sidecar.start().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sidecar.port() + "/mcp"))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
