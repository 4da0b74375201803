package dev.palisade.sidecar.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.palisade.sidecar.audit.AuditLog;
import dev.palisade.sidecar.audit.AuditRecord;
import dev.palisade.sidecar.config.SidecarConfig;
import dev.palisade.sidecar.proxy.SidecarServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator being unreachable must neither slow nor break the request path: the sidecar answers
 * at once and its local sequence rules still hold, whether the operator never answers at all or
 * stalls after handing out its configuration (then steps to share pile up in a bounded outbox and are
 * dropped and counted). Every wait on the operator here would last 10 s or more, so an answer taking
 * {@value #PROMPT_MS} ms fails the test.
 */
class ControlPlaneOutageIT {
  private static final long PROMPT_MS = 3_000;
  private static final String ROWS = "C-1042 | Ada Lovelace | ada.lovelace@example.com | London";
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final CountDownLatch released = new CountDownLatch(1);
  private HttpServer upstream;
  private ServerSocket silent;
  private HttpServer stalling;
  private SidecarServer sidecar;
  private Path token;

  @BeforeEach
  void start(@TempDir Path dir) throws Exception {
    token = Files.writeString(dir.resolve("token"), FakeControlPlane.TOKEN);
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    upstream.createContext("/", exchange -> {
      String call = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String id = call.replaceAll("(?s).*\"id\":(\\d+).*", "$1");
      String text = call.contains("query_customers") ? ROWS : "done";
      answer(exchange, 200, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\""
          + text + "\"}]}}");
    });
    upstream.start();
  }

  @AfterEach
  void stop() throws Exception {
    released.countDown();
    if (sidecar != null) {
      sidecar.close();
    }
    upstream.stop(0);
    if (silent != null) {
      silent.close();
    }
    if (stalling != null) {
      stalling.stop(0);
    }
  }

  @Test
  void anOperatorThatNeverAnswersDoesNotDelayRequestsAndLocalChainsAreStillBlocked() throws Exception {
    // accepts connections (the kernel's backlog) and never reads or answers a byte
    silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    startSidecar("http://127.0.0.1:" + silent.getLocalPort());

    assertThat(call(1, "query_customers", "{\"filter\":\"enterprise\"}")).contains("ada.lovelace@example.com");
    assertThat(call(2, "send_email", "{\"to\":\"team@example.com\",\"body\":\"standup at 10\"}")).contains("done");
    String leak = call(3, "send_email", "{\"to\":\"x@competitor.example\",\"body\":\"ada.lovelace@example.com\"}");
    assertThat(leak).as("the built-in default's local sequence rule").contains("-32050", "toxic_flow");
    for (int i = 0; i < 20; i++) {
      assertThat(call(10 + i, "get_weather", "{\"city\":\"Berlin\"}")).contains("done");
    }
    assertThat(counter("palisade.shared.sessions.steps.dropped", "no-salt"))
        .as("no namespace salt ever arrived: nothing is shared").isPositive();
  }

  @Test
  void anOperatorThatStallsAfterTheConfigDoesNotDelayRequestsAndTheOutboxDropsAndCounts() throws Exception {
    stalling = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    stalling.setExecutor(Executors.newCachedThreadPool());
    String config = "{\"version\":\"v1\",\"namespace\":\"team-a\",\"server\":\"weather\",\"policies\":[],"
        + "\"sessionSalt\":\"" + Base64.getEncoder().encodeToString(new byte[32]) + "\"}";
    stalling.createContext("/", exchange -> {
      boolean firstConfig = exchange.getRequestURI().getPath().endsWith("/config")
          && !String.valueOf(exchange.getRequestURI().getQuery()).contains("version=");
      if (firstConfig) {
        answer(exchange, 200, config);
        return;
      }
      try {
        released.await(); // every other call hangs while the test runs
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
    });
    stalling.start();
    startSidecar("http://127.0.0.1:" + stalling.getAddress().getPort());
    awaitSalted();

    assertThat(call(1, "query_customers", "{\"filter\":\"enterprise\"}")).contains("ada.lovelace@example.com");
    assertThat(call(2, "send_email", "{\"body\":\"ada.lovelace@example.com\"}")).contains("-32050", "toxic_flow");
    // two shared steps per call: more than the outbox (512) and one batch in flight (64) hold
    for (int i = 0; i < 300; i++) {
      assertThat(call(10 + i, "get_weather", "{\"city\":\"Berlin\"}")).contains("done");
    }
    assertThat(counter("palisade.shared.sessions.steps.dropped", "outbox-full")).isPositive();
    assertThat(counter("palisade.shared.sessions.steps.sent", null)).isZero();
  }

  private void startSidecar(String controlPlane) throws Exception {
    SidecarConfig config = SidecarConfig.defaults(URI.create("http://127.0.0.1:" + upstream.getAddress().getPort() + "/mcp"))
        .withTrustedPrincipalHeader("X-Agent")
        .withControlPlane(new ControlPlaneSettings(URI.create(controlPlane), token, "team-a", "weather-0-outage", 100,
            Duration.ofSeconds(25), Duration.ofSeconds(30)));
    config = new SidecarConfig("weather", config.upstream(), config.listenHost(), 0, config.adminHost(), -1,
        config.limits(), false, config.trustMode(), null, null, false, null, config.identity(), config.controlPlane());
    AuditLog quiet = new AuditLog() {
      @Override
      public void record(AuditRecord record) {}

      @Override
      public void close() {}
    };
    sidecar = new SidecarServer(config, Clock.systemUTC(), quiet, SidecarServer.detection(
        dev.palisade.detection.engine.DetectionEngine.scanEngine(null, dev.palisade.detection.engine.ScanLimits.defaults())));
    sidecar.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** The answer body; fails when it took longer than a request path that never waits on the operator would. */
  private String call(int id, String tool, String arguments) throws Exception {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
        + "\",\"arguments\":" + arguments + "}}";
    long start = System.nanoTime();
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sidecar.port() + "/mcp"))
        .timeout(Duration.ofSeconds(30)).header("content-type", "application/json").header("X-Agent", "report-bot")
        .header("accept", "application/json, text/event-stream").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(tookMs).as("%s answered in %d ms", tool, tookMs).isLessThan(PROMPT_MS);
    return response.body();
  }

  private void awaitSalted() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (sidecar.control().version() == null) {
      assertThat(System.nanoTime()).as("the configuration applied").isLessThan(deadline);
      Thread.sleep(20); // polling with a deadline
    }
  }

  private double counter(String name, String reason) {
    var search = sidecar.metrics().registry().find(name);
    return (reason == null ? search : search.tag("reason", reason)).functionCounter().count();
  }

  private static void answer(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
