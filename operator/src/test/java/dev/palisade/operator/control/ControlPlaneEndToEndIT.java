package dev.palisade.operator.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.palisade.crds.PolicyAction;
import dev.palisade.crds.mcppolicy.McpPolicy;
import dev.palisade.crds.mcppolicy.McpPolicySpec;
import dev.palisade.crds.mcpserver.McpServer;
import dev.palisade.crds.mcpserver.McpServerSpec;
import dev.palisade.crds.mcpviolation.McpViolation;
import dev.palisade.operator.PalisadeOperator;
import dev.palisade.operator.testing.Crds;
import dev.palisade.operator.testing.Eventually;
import dev.palisade.operator.testing.TrustingClients;
import dev.palisade.operator.tls.CaConfigMaps;
import dev.palisade.operator.tls.CertificateIssuer;
import dev.palisade.operator.tls.CertificateRenewal;
import dev.palisade.operator.tls.OperatorCertificates;
import dev.palisade.operator.tls.Pem;
import dev.palisade.operator.tls.SecretStore;
import dev.palisade.operator.tls.ServingTls;
import dev.palisade.operator.tls.TlsMaintenance;
import dev.palisade.operator.tls.TlsState;
import dev.palisade.operator.violation.RetentionLimits;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operator and a real sidecar process ({@code sidecar/target/palisade-sidecar.jar}, its own JVM) in
 * front of a small upstream: an McpPolicy reaches the running sidecar, a change to it takes effect
 * without a restart, and violations produced while the control API is down arrive exactly once.
 */
@EnableKubernetesMockClient(crud = true)
class ControlPlaneEndToEndIT {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final Pattern LISTENING = Pattern.compile("palisade: proxying .* on [^:]+:(\\d+) \\(admin [^:]+:(\\d+)\\)");
  KubernetesClient client;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicLong blockedCalls = new AtomicLong();
  private PalisadeOperator operator;
  private ControlPlane control;
  private HttpServer upstream;
  private Process sidecar;
  private int proxyPort;
  private int adminPort;

  @AfterEach
  void stop() throws Exception {
    if (sidecar != null) {
      sidecar.destroy();
      if (!sidecar.waitFor(15, TimeUnit.SECONDS)) {
        sidecar.destroyForcibly();
      }
    }
    if (control != null) {
      control.close();
    }
    if (operator != null) {
      operator.close();
    }
    if (upstream != null) {
      upstream.stop(0);
    }
  }

  @Test
  void policiesReachTheRunningSidecarAndItsViolationsSurviveAnOutageExactlyOnce(@TempDir Path dir) throws Exception {
    Crds.apply(client);
    operator = new PalisadeOperator(client, Clock.systemUTC(), false).start();
    control = startControlPlane(0);
    int controlPort = control.port();
    startUpstream();
    createWeatherServerBlocking("read_file");

    startSidecar(dir, "http://127.0.0.1:" + controlPort, Map.of());
    Eventually.await(DEADLINE, "the McpPolicy enforced by the sidecar", () -> blocked("read_file"));
    assertThat(blocked("get_forecast")).isFalse();

    long changedAt = System.nanoTime();
    client.resources(McpPolicy.class).inNamespace("team-a").resource(blocking("write_file")).update();
    Eventually.await(DEADLINE, "the changed policy enforced without a restart",
        () -> blocked("write_file") && !blocked("read_file"));
    System.out.printf("policy change enforced by the running sidecar after %d ms%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - changedAt));
    Eventually.await(DEADLINE, "violations so far recorded", () -> recorded() == blockedCalls.get());

    control.close();
    for (int i = 0; i < 7; i++) {
      assertThat(blocked("write_file")).isTrue();
    }
    Eventually.await(DEADLINE, "reports pending in the sidecar", () -> metric("palisade_reports_pending") > 0);
    control = startControlPlane(controlPort);

    Eventually.await(DEADLINE, "every violation recorded after the outage", () -> recorded() == blockedCalls.get()
        && metric("palisade_reports_pending") == 0);
    assertThat(metric("palisade_reports_dropped_total")).isZero();
    assertThat(recorded()).as("exactly once").isEqualTo(blockedCalls.get());
    assertThat(client.resources(McpViolation.class).inNamespace("team-a").list().getItems())
        .allSatisfy(v -> assertThat(v.getSpec().server()).isEqualTo("weather"));
  }

  @Test
  void aSidecarTrustsTheControlApiWithTheCaBundleTheOperatorPublishedInItsNamespace(@TempDir Path dir) throws Exception {
    Crds.apply(client);
    operator = new PalisadeOperator(client, Clock.systemUTC(), false).start();
    ServingTls serving = new ServingTls();
    // localhost among the names: the sidecar verifies the host name of a loopback control plane too
    TlsState tls = new TlsMaintenance(new OperatorCertificates(SecretStore.of(client, "palisade-system", "palisade-operator-tls"),
        new CertificateRenewal(new CertificateIssuer(), "palisade-operator", List.of("palisade-operator.palisade-system.svc",
            "localhost"), Duration.ofDays(365), Duration.ofDays(90)), Clock.systemUTC(), "palisade-system", "palisade-operator-tls"),
        serving, List.of(new CaConfigMaps(client, "palisade-ca", () -> List.of("team-a")))).round();
    String bundle = client.configMaps().inNamespace("team-a").withName("palisade-ca").get().getData().get("ca.crt");
    assertThat(Pem.readCertificates(bundle)).isEqualTo(tls.trusted().certificates());
    control = startControlPlane(0, serving.context());
    String url = "https://localhost:" + control.port();

    HttpClient trusting = HttpClient.newBuilder().sslContext(TrustingClients.trusting(Pem.readCertificates(bundle))).build();
    assertThat(trusting.send(HttpRequest.newBuilder(URI.create(url + "/healthz")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

    startUpstream();
    createWeatherServerBlocking("read_file");
    // where and how the injector hands the bundle to the sidecar: a file from the ConfigMap, PALISADE_CONTROL_CA
    Path ca = Files.writeString(dir.resolve("ca.crt"), bundle);
    startSidecar(dir, url, Map.of("PALISADE_CONTROL_CA", ca.toString()));

    Eventually.await(DEADLINE, "the McpPolicy fetched over TLS and enforced by the sidecar", () -> blocked("read_file"));
    assertThat(blocked("get_forecast")).isFalse();
  }

  private ControlPlane startControlPlane(int port) throws Exception {
    return startControlPlane(port, null);
  }

  private ControlPlane startControlPlane(int port, SSLContext tls) throws Exception {
    return ControlPlane.start(client, operator, new FakeAuthenticator(), new ControlPlane.Settings(
        new InetSocketAddress("127.0.0.1", port), tls, false, Duration.ofSeconds(20), RetentionLimits.DEFAULT),
        Clock.systemUTC());
  }

  private void startUpstream() throws Exception {
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    upstream.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      byte[] body = "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"done\"}]}}"
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    upstream.start();
  }

  private void startSidecar(Path dir, String controlPlane, Map<String, String> environment) throws Exception {
    Path jar = Path.of(System.getProperty("palisade.sidecar.jar", "../sidecar/target/palisade-sidecar.jar"));
    assertThat(jar).as("built by the same reactor run (mvn verify)").exists();
    Path token = Files.writeString(dir.resolve("token"), FakeAuthenticator.SIDECAR);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "proxy",
        "--upstream", "http://127.0.0.1:" + upstream.getAddress().getPort() + "/mcp",
        "--listen", "127.0.0.1:0", "--admin", "127.0.0.1:0", "--server-name", "weather", "--namespace", "team-a",
        "--control-plane", controlPlane, "--control-token-file", token.toString(),
        "--audit", dir.resolve("audit.jsonl").toString())
        .redirectErrorStream(true);
    builder.environment().putAll(environment);
    sidecar = builder.start();
    CompletableFuture<int[]> ports = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(sidecar.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          System.out.println("[sidecar] " + line);
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            ports.complete(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
          }
        }
      } catch (java.io.IOException e) {
        // the process ended
      }
      ports.completeExceptionally(new AssertionError("sidecar exited before listening"));
    }, "sidecar-output");
    reader.setDaemon(true);
    reader.start();
    int[] listening = ports.get(60, TimeUnit.SECONDS);
    proxyPort = listening[0];
    adminPort = listening[1];
  }

  private void createWeatherServerBlocking(String tool) {
    McpServer server = new McpServer("weather", new McpServerSpec(new LabelSelectorBuilder()
        .withMatchLabels(Map.of("app", "weather")).build(), null, 8080, null, null, null, null, null, null, null));
    server.getMetadata().setLabels(Map.of("app", "weather"));
    client.resources(McpServer.class).inNamespace("team-a").resource(server).create();
    client.resources(McpPolicy.class).inNamespace("team-a").resource(blocking(tool)).create();
  }

  private static McpPolicy blocking(String tool) {
    McpPolicy policy = new McpPolicy("weather-tools", new McpPolicySpec(new LabelSelectorBuilder()
        .withMatchLabels(Map.of("app", "weather")).build(), null, null,
        List.of(new McpPolicySpec.Rule("no-" + tool.replace('_', '-'), new McpPolicySpec.Match(null, null, List.of(tool),
            null, null, null, null, null, null, null), PolicyAction.BLOCK)), null, null, null, null));
    policy.getMetadata().setNamespace("team-a");
    return policy;
  }

  private boolean blocked(String tool) {
    String call = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
        + "\",\"arguments\":{}}}";
    try {
      String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxyPort + "/mcp"))
          .timeout(Duration.ofSeconds(10)).header("content-type", "application/json")
          .header("accept", "application/json, text/event-stream").POST(HttpRequest.BodyPublishers.ofString(call)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      boolean blocked = body.contains("\"error\"") && !body.contains("done");
      if (blocked) {
        blockedCalls.incrementAndGet();
      }
      return blocked;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private long recorded() {
    return client.resources(McpViolation.class).inNamespace("team-a").list().getItems().stream()
        .mapToLong(v -> v.getSpec().count()).sum();
  }

  private double metric(String name) {
    try {
      String scrape = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      return scrape.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
          .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
