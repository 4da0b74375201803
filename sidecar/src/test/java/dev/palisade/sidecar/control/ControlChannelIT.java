package dev.palisade.sidecar.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.palisade.sidecar.audit.AuditLog;
import dev.palisade.sidecar.audit.AuditRecord;
import dev.palisade.sidecar.config.SidecarConfig;
import dev.palisade.sidecar.proxy.SidecarServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An embedded sidecar whose policies come from, and whose reports go to, a fake control plane. */
class ControlChannelIT {
  private static final Duration DEADLINE = Duration.ofSeconds(15);
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private FakeControlPlane control;
  private HttpServer upstream;
  private SidecarServer sidecar;
  private final List<AuditRecord> audited = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<String> upstreamHeaders = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeEach
  void start(@TempDir Path dir) throws Exception {
    control = new FakeControlPlane();
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    upstream.createContext("/", exchange -> {
      upstreamHeaders.add(String.valueOf(exchange.getRequestHeaders().keySet()));
      exchange.getRequestBody().readAllBytes();
      byte[] body = "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"done\"}]}}"
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    upstream.start();
    Path token = Files.writeString(dir.resolve("token"), FakeControlPlane.TOKEN + "\n");
    SidecarConfig config = SidecarConfig.defaults(URI.create("http://127.0.0.1:" + upstream.getAddress().getPort() + "/mcp"))
        .withControlPlane(new ControlPlaneSettings(URI.create(control.url()), token, "team-a", "weather-0-test", 100,
            Duration.ofSeconds(2), Duration.ofSeconds(30)));
    config = new SidecarConfig("weather", config.upstream(), config.listenHost(), 0, config.adminHost(), 0,
        config.limits(), false, config.trustMode(), null, null, false, null, config.identity(), config.controlPlane());
    AuditLog quiet = new AuditLog() {
      @Override
      public void record(AuditRecord record) {
        audited.add(record);
      }

      @Override
      public void close() {}
    };
    sidecar = new SidecarServer(config, Clock.systemUTC(), quiet, evidence -> List.of());
    sidecar.start().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    sidecar.close();
    control.close();
    upstream.stop(0);
  }

  @Test
  void policiesFromTheControlPlaneApplyWithoutRestartAndABadOneNeverHalfApplies() throws Exception {
    control.config("v1", config(blocking("read_file")));
    await("read_file blocked", () -> blocked("read_file"));
    assertThat(blocked("write_file")).isFalse();

    control.config("v2", config(blocking("write_file")));
    await("write_file blocked instead", () -> blocked("write_file") && !blocked("read_file"));

    String broken = blocking("read_file").replace("\"tools\":[\"read_file\"]", "\"tools\":[\"read_file\"],\"nonsense\":1");
    control.config("v3", config(blocking("delete_file") + "," + broken));
    await("v3 rejected", () -> metric("palisade_control_configs_rejected_total") >= 1);
    assertThat(sidecar.control().version()).isEqualTo("v2");
    assertThat(blocked("write_file")).isTrue();
    assertThat(blocked("delete_file")).as("nothing of the rejected version applied").isFalse();
  }

  @Test
  void reportsSurviveAnOutageAndALostAcknowledgementExactlyOnce() throws Exception {
    control.config("v1", config(blocking("read_file")));
    await("read_file blocked", () -> blocked("read_file"));
    await("first violation reported", () -> control.occurrences("no-read_file") == 1);

    control.available(false);
    for (int i = 0; i < 5; i++) {
      assertThat(blocked("read_file")).isTrue();
    }
    await("violations pending", () -> metric("palisade_reports_pending") >= 1);
    control.loseNextAck();
    control.available(true);

    await("every violation delivered", () -> control.occurrences("no-read_file") == 6
        && metric("palisade_reports_pending") == 0);
    assertThat(control.retriesOfApplied()).as("the report whose answer was lost came again").isGreaterThanOrEqualTo(1);
    assertThat(control.occurrences("no-read_file")).as("and was counted once").isEqualTo(6);
    assertThat(metric("palisade_reports_dropped_total")).isZero();
    assertThat(control.unauthorized()).isZero();
  }

  private static String blocking(String tool) {
    return "{\"apiVersion\":\"palisade.dev/v1alpha1\",\"kind\":\"McpPolicy\",\"metadata\":{\"name\":\"only-" + tool + "\"},"
        + "\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"weather\"}},"
        + "\"rules\":[{\"name\":\"no-" + tool + "\",\"match\":{\"tools\":[\"" + tool + "\"]},\"action\":\"block\"}]}}";
  }

  private static String config(String policies) {
    return "{\"namespace\":\"team-a\",\"server\":\"weather\",\"trustMode\":\"trust-on-first-use\","
        + "\"labels\":{\"app\":\"weather\"},\"policies\":[" + policies + "],\"approvedPins\":{}}";
  }

  private boolean blocked(String tool) throws Exception {
    String call = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
        + "\",\"arguments\":{}}}";
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + sidecar.port() + "/mcp")).timeout(Duration.ofSeconds(10))
        .header("content-type", "application/json").header("accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(call)).build(), HttpResponse.BodyHandlers.ofString());
    return response.body().contains("\"error\"") && !response.body().contains("done");
  }

  private double metric(String name) throws Exception {
    String scrape = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sidecar.adminPort() + "/metrics"))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
    return scrape.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  private static void await(String what, Check check) throws Exception {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      if (check.holds()) {
        return;
      }
      Thread.sleep(25); // poll interval, not a wait for time to pass
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  @Test
  void agentServiceAccountTokensAreVerifiedByTheOperatorAndNeverForwarded() throws Exception {
    control.config("v1", "{\"trustMode\":\"trust-on-first-use\",\"policies\":[{\"apiVersion\":\"palisade.dev/v1alpha1\","
        + "\"kind\":\"McpPolicy\",\"metadata\":{\"name\":\"bots\"},\"spec\":{\"rules\":[{\"name\":\"audit-bots\","
        + "\"match\":{\"principals\":[\"system:serviceaccount:team-a:*\"]},\"action\":\"alert\"}]}}],\"approvedPins\":{}}");
    await("config applied", () -> "v1".equals(sidecar.control().version()));
    String call = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"x\"}}";
    HttpRequest.Builder post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sidecar.port() + "/mcp"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(call));

    HttpResponse<String> known = client.send(post.copy().header("Palisade-Agent-Token", FakeControlPlane.AGENT_TOKEN).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(known.statusCode()).isEqualTo(200);
    assertThat(audited).anySatisfy(a -> assertThat(a.exchange().principal()).isEqualTo("system:serviceaccount:team-a:report-bot"));
    assertThat(upstreamHeaders).singleElement().satisfies(h -> assertThat(h.toLowerCase()).doesNotContain("palisade-agent-token"));

    client.send(post.copy().header("Palisade-Agent-Token", FakeControlPlane.AGENT_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(control.principalLookups()).as("a verified token is cached").isEqualTo(1);

    HttpResponse<String> forged = client.send(post.copy().header("Palisade-Agent-Token", "forged").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(upstreamHeaders).hasSize(2);
  }
}
