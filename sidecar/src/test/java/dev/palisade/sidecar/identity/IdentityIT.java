package dev.palisade.sidecar.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.sidecar.audit.AuditLog;
import dev.palisade.sidecar.audit.AuditRecord;
import dev.palisade.sidecar.config.SidecarConfig;
import dev.palisade.sidecar.proxy.SidecarServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who is calling, learned from a verified JWT or a client certificate, as policies and the audit log see it. */
class IdentityIT {
  private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"delete_user\"}}";
  private final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
  private final List<String> upstreamSawAuthorization = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private HttpServer upstream;

  @BeforeEach
  void upstream() throws Exception {
    vertx = Vertx.vertx();
    upstream = vertx.createHttpServer().requestHandler(request -> {
      upstreamSawAuthorization.add(String.valueOf(request.getHeader("Authorization")));
      request.response().putHeader("content-type", "application/json").end("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}");
    }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private SidecarServer sidecar(SidecarConfig config) throws Exception {
    AuditLog log = new AuditLog() {
      @Override
      public void record(AuditRecord record) {
        audit.add(record);
      }

      @Override
      public void close() {}
    };
    SidecarServer server = new SidecarServer(config, Clock.systemUTC(), log, e -> List.of());
    server.start().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    return server;
  }

  private SidecarConfig base(Path dir) throws Exception {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, "name: only-admins-delete\ntoolAccess: [{principals: [\"intern-*\", anonymous], deny: [\"delete_*\"]}]\n"
        + "rules: [{name: audit-admins, match: {principals: [\"admin-*\"]}, action: alert}]\n");
    return SidecarConfig.defaults(URI.create("http://127.0.0.1:" + upstream.actualPort() + "/mcp")).withPolicy(policy);
  }

  @Test
  void verifiedTokensNameTheAgentAndBadTokensAreRefusedBeforeTheServer(@TempDir Path dir) throws Exception {
    TestTokens tokens = new TestTokens(dir);
    try (SidecarServer sidecar = sidecar(base(dir).withIdentity(IdentityConfig.NONE.withJwt(tokens.settings())))) {
      HttpClient client = HttpClient.newHttpClient();
      HttpRequest.Builder post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sidecar.port() + "/mcp"))
          .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(CALL));

      HttpResponse<String> bad = client.send(post.copy().header("Authorization", "Bearer not.a.token").build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(bad.statusCode()).isEqualTo(401);
      assertThat(bad.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
      assertThat(upstreamSawAuthorization).isEmpty();

      HttpResponse<String> admin = client.send(post.copy().header("Authorization", "Bearer " + tokens.token("admin-1")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(admin.statusCode()).isEqualTo(200);
      assertThat(upstreamSawAuthorization).as("the token still reaches the server").singleElement()
          .satisfies(v -> assertThat(v).startsWith("Bearer "));
      assertThat(audit).anySatisfy(a -> assertThat(a.exchange().principal()).isEqualTo("admin-1"));

      HttpResponse<String> other = client.send(post.copy().header("Authorization", "Bearer " + tokens.token("intern-9")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(other.body()).contains("-32050");
      HttpResponse<String> anonymous = client.send(post.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.body()).as("no token: anonymous, which this policy refuses").contains("-32050");
      assertThat(upstreamSawAuthorization).hasSize(1);
    }
  }

  @Test
  void clientCertificatesNameTheAgentOverMutualTls(@TempDir Path dir) throws Exception {
    SelfSignedCertificate listener = SelfSignedCertificate.create("localhost");
    SelfSignedCertificate agent = SelfSignedCertificate.create("admin-7");
    ListenerTls tls = new ListenerTls(Path.of(listener.certificatePath()), Path.of(listener.privateKeyPath()),
        Path.of(agent.certificatePath()), true);
    try (SidecarServer sidecar = sidecar(base(dir).withIdentity(IdentityConfig.NONE.withTls(tls)))) {
      var client = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setVerifyHost(false)
          .setTrustOptions(new PemTrustOptions().addCertPath(listener.certificatePath()))
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(agent.certificatePath()).setKeyPath(agent.privateKeyPath())));
      String body = client.request(HttpMethod.POST, sidecar.port(), "127.0.0.1", "/mcp")
          // the body is asked for inside the request's chain: chained after it, from this thread, the
          // answer can end before body() is called (eclipse-vertx/vert.x#6038, fixed after 5.0.10)
          .compose(request -> request.putHeader("content-type", "application/json").send(CALL)
              .compose(response -> response.body()))
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).toString();
      assertThat(body).doesNotContain("-32050");
      assertThat(audit).anySatisfy(a -> assertThat(a.exchange().principal()).isEqualTo("admin-7"));

      var stranger = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setVerifyHost(false)
          .setTrustOptions(new PemTrustOptions().addCertPath(listener.certificatePath())));
      var refused = stranger.request(HttpMethod.POST, sidecar.port(), "127.0.0.1", "/mcp")
          .compose(request -> request.send(CALL)).toCompletionStage().toCompletableFuture();
      assertThat(refused).failsWithin(10, TimeUnit.SECONDS);
    }
  }
}
