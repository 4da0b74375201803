package dev.palisade.operator.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.crds.PolicyAction;
import dev.palisade.crds.mcppolicy.McpPolicy;
import dev.palisade.crds.mcppolicy.McpPolicySpec;
import dev.palisade.crds.mcpserver.McpServer;
import dev.palisade.crds.mcpserver.McpServerSpec;
import dev.palisade.crds.mcpviolation.McpViolation;
import dev.palisade.operator.PalisadeOperator;
import dev.palisade.operator.testing.Crds;
import dev.palisade.operator.testing.Eventually;
import dev.palisade.operator.violation.RetentionLimits;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The control API against the operator and fabric8's mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class ControlApiIT {
  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();
  static KubernetesClient client;
  private static PalisadeOperator operator;
  private static ControlPlane control;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    Crds.apply(client);
    operator = new PalisadeOperator(client, Clock.systemUTC(), false).start();
    control = startControlPlane(0);
    McpServer server = new McpServer("weather", new McpServerSpec(new LabelSelectorBuilder()
        .withMatchLabels(Map.of("app", "weather")).build(), null, 8080, null, null, null, null, null, null, null));
    server.getMetadata().setLabels(Map.of("app", "weather"));
    client.resources(McpServer.class).inNamespace("team-a").resource(server).create();
  }

  static ControlPlane startControlPlane(int port) throws Exception {
    return ControlPlane.start(client, operator, new FakeAuthenticator(), new FakeAuthenticator.AgentTokens(), new ControlPlane.Settings(
        new InetSocketAddress("127.0.0.1", port), null, false, Duration.ofSeconds(20), RetentionLimits.DEFAULT),
        Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    control.close();
    operator.close();
  }

  @Test
  void onlyTheServersOwnNamespaceMayCall() throws Exception {
    assertThat(get("/v1/servers/team-a/weather/config", null).statusCode()).isEqualTo(401);
    assertThat(get("/v1/servers/team-a/weather/config", "forged").statusCode()).isEqualTo(401);
    assertThat(get("/v1/servers/team-a/weather/config", FakeAuthenticator.OTHER_NAMESPACE).statusCode()).isEqualTo(403);
    assertThat(post("/v1/servers/team-a/weather/reports", FakeAuthenticator.OTHER_NAMESPACE, report(1, 1)).statusCode())
        .isEqualTo(403);
  }

  @Test
  void aWaitingSidecarIsAnsweredWhenAPolicySelectingItsServerBecomesValid() throws Exception {
    JsonNode first = Eventually.await(DEADLINE, "config of team-a/weather", () -> {
      HttpResponse<String> response = get("/v1/servers/team-a/weather/config", FakeAuthenticator.SIDECAR);
      return response.statusCode() == 200 ? read(response.body()) : null;
    });
    assertThat(first.path("trustMode").asText()).isEqualTo("trust-on-first-use");
    String version = first.path("version").asText();

    CompletableFuture<HttpResponse<String>> waiting = http.sendAsync(request(
        "/v1/servers/team-a/weather/config?version=" + version + "&wait=20s", FakeAuthenticator.SIDECAR).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    McpPolicy policy = new McpPolicy("no-deletes", new McpPolicySpec(new LabelSelectorBuilder()
        .withMatchLabels(Map.of("app", "weather")).build(), null, null,
        List.of(new McpPolicySpec.Rule("no-delete", new McpPolicySpec.Match(null, null, List.of("delete_*"), null, null,
            null, null, null, null, null), PolicyAction.BLOCK)), null, null, null, null));
    client.resources(McpPolicy.class).inNamespace("team-a").resource(policy).create();

    HttpResponse<String> changed = waiting.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    assertThat(changed.statusCode()).isEqualTo(200);
    JsonNode next = read(changed.body());
    assertThat(next.path("version").asText()).isNotEqualTo(version);
    assertThat(next.path("policies").findValuesAsText("name")).contains("no-deletes");
  }

  @Test
  void aRetriedReportIsCountedOnceEvenAfterAnOperatorRestart() throws Exception {
    assertThat(post("/v1/servers/team-a/weather/reports", FakeAuthenticator.SIDECAR, report(1, 3)).statusCode()).isEqualTo(200);
    assertThat(post("/v1/servers/team-a/weather/reports", FakeAuthenticator.SIDECAR, report(1, 3)).statusCode()).isEqualTo(200);
    int port = control.port();
    control.close();
    control = startControlPlane(port);
    assertThat(post("/v1/servers/team-a/weather/reports", FakeAuthenticator.SIDECAR, report(1, 3)).statusCode()).isEqualTo(200);
    assertThat(count()).isEqualTo(3);
    assertThat(post("/v1/servers/team-a/weather/reports", FakeAuthenticator.SIDECAR, report(2, 2)).statusCode()).isEqualTo(200);
    assertThat(count()).isEqualTo(5);
    assertThat(operator.tools().of("team-a", "weather")).extracting(t -> t.tool()).containsExactly("get_forecast");
    var registry = operator.metrics().registry();
    assertThat(registry.get("palisade.operator.reports.applied").counter().count()).isGreaterThanOrEqualTo(4);
    assertThat(registry.get("palisade.operator.violations.written").tag("action", "block").counter().count())
        .isGreaterThanOrEqualTo(3);
    assertThat(registry.get("palisade.operator.control.requests").tag("route", "reports").counter().count())
        .isGreaterThanOrEqualTo(5);
    assertThat(post("/v1/servers/team-a/weather/reports", FakeAuthenticator.SIDECAR, "{\"sidecar\":\"x\",\"sequence\":0}")
        .statusCode()).isEqualTo(400);
  }

  private static long count() {
    return client.resources(McpViolation.class).inNamespace("team-a").list().getItems().stream()
        .filter(v -> "no-delete".equals(v.getSpec().rule())).mapToLong(v -> v.getSpec().count()).sum();
  }

  private static String report(long sequence, long occurrences) {
    return "{\"sidecar\":\"weather-0-abc\",\"sequence\":" + sequence + ",\"violations\":[{\"policy\":\"no-deletes\","
        + "\"rule\":\"no-delete\",\"category\":\"integrity\",\"type\":\"policy_rule\",\"severity\":\"medium\","
        + "\"action\":\"block\",\"direction\":\"request\",\"method\":\"tools/call\",\"tool\":\"delete_user\","
        + "\"principal\":\"anonymous\",\"session\":\"s-1\",\"excerpt\":\"rule no-delete\",\"evidenceHash\":\"\","
        + "\"occurrences\":" + occurrences + ",\"lastSeen\":\"" + java.time.Instant.now() + "\"}],"
        + "\"observedTools\":[{\"tool\":\"get_forecast\",\"hash\":\"" + "a".repeat(64) + "\"}]}";
  }

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + control.port() + path))
        .timeout(Duration.ofSeconds(30));
    return token == null ? builder : builder.header("Authorization", "Bearer " + token);
  }

  private HttpResponse<String> get(String path, String token) {
    try {
      return http.send(request(path, token).GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private HttpResponse<String> post(String path, String token, String body) throws Exception {
    return http.send(request(path, token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode read(String body) {
    try {
      return JSON.readTree(body);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void sidecarsCanHaveAnAgentsServiceAccountTokenVerified() throws Exception {
    String path = "/v1/servers/team-a/weather/principals";
    assertThat(post(path, null, "{\"token\":\"" + FakeAuthenticator.AgentTokens.AGENT + "\"}").statusCode()).isEqualTo(401);
    HttpResponse<String> known = post(path, FakeAuthenticator.SIDECAR, "{\"token\":\"" + FakeAuthenticator.AgentTokens.AGENT + "\"}");
    assertThat(known.statusCode()).isEqualTo(200);
    assertThat(known.body()).contains("\"principal\":\"system:serviceaccount:team-a:report-bot\"");
    HttpResponse<String> unknown = post(path, FakeAuthenticator.SIDECAR, "{\"token\":\"forged\"}");
    assertThat(unknown.body()).contains("\"principal\":null");
    assertThat(post(path, FakeAuthenticator.SIDECAR, "{}").statusCode()).isEqualTo(400);
  }
  @Test
  void sidecarsShareSessionStepsWithinTheirNamespaceOnly() throws Exception {
    String step = "{\"principal\":\"system:serviceaccount:team-a:report-bot\",\"server\":\"forged\","
        + "\"time\":\"2026-11-24T10:00:00Z\",\"direction\":\"response\",\"method\":\"tools/call\","
        + "\"tool\":\"query_customers\",\"roles\":[\"private-data\"],\"categories\":[\"pii\"],"
        + "\"taint\":[\"pii\"],\"prints\":[\"00000000000000ff\"]}";
    String events = "/v1/servers/team-a/weather/session-events";
    assertThat(post(events, null, "{}").statusCode()).isEqualTo(401);
    assertThat(post(events, FakeAuthenticator.OTHER_NAMESPACE, "{}").statusCode()).isEqualTo(403);
    HttpResponse<String> malformed = post(events, FakeAuthenticator.SIDECAR,
        "{\"sidecar\":\"weather-0\",\"batch\":1,\"events\":[{\"principal\":\"p\"}]}");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body()).contains("events[0].time");

    String mailer = "/v1/servers/team-a/mailer/sessions?sidecar=mailer-0";
    JsonNode before = read(get(mailer, FakeAuthenticator.SIDECAR).body());
    String cursor = "&epoch=" + before.path("epoch").asText() + "&since=" + before.path("revision").asLong();
    CompletableFuture<HttpResponse<String>> waiting = http.sendAsync(
        request(mailer + cursor + "&wait=20s", FakeAuthenticator.SIDECAR).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post(events, FakeAuthenticator.SIDECAR, "{\"sidecar\":\"weather-0\",\"batch\":1,\"events\":[" + step + "]}")
        .statusCode()).isEqualTo(200);

    HttpResponse<String> woken = waiting.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    assertThat(woken.statusCode()).isEqualTo(200);
    JsonNode shared = read(woken.body()).path("steps");
    assertThat(shared).hasSize(1);
    assertThat(shared.get(0).path("server").asText()).as("named by the route, not the body").isEqualTo("weather");
    assertThat(shared.get(0).path("prints").toString()).isEqualTo("[\"00000000000000ff\"]");
    assertThat(read(get("/v1/servers/team-a/weather/sessions?sidecar=weather-0" + cursor, FakeAuthenticator.SIDECAR).body())
        .path("steps")).as("a sidecar's own steps").isEmpty();
    assertThat(get("/v1/servers/team-a/mailer/sessions?sidecar=x", FakeAuthenticator.OTHER_NAMESPACE).statusCode())
        .isEqualTo(403);
    assertThat(read(get("/v1/servers/team-b/mailer/sessions?sidecar=x", FakeAuthenticator.OTHER_NAMESPACE).body())
        .path("steps")).as("another namespace").isEmpty();
    assertThat(get("/v1/servers/team-a/mailer/sessions", FakeAuthenticator.SIDECAR).statusCode())
        .as("a reader names itself").isEqualTo(400);
  }

  @Test
  void theConfigCarriesTheNamespacesSessionSaltKeptInASecret() throws Exception {
    String salt = read(get("/v1/servers/team-a/weather/config", FakeAuthenticator.SIDECAR).body()).path("sessionSalt").asText();
    assertThat(java.util.Base64.getDecoder().decode(salt)).hasSize(32);
    var secret = client.secrets().inNamespace(client.getNamespace()).withName(ControlPlane.DEFAULT_SALT_SECRET).get();
    assertThat(secret).as("created on first use").isNotNull();
    assertThat(secret.getData().values()).allSatisfy(key -> assertThat(key).isNotEqualTo(salt));

    var restarted = new dev.palisade.operator.sessions.NamespaceSalts(client, client.getNamespace(),
        ControlPlane.DEFAULT_SALT_SECRET);
    assertThat(java.util.Base64.getEncoder().encodeToString(restarted.of("team-a"))).as("after a restart").isEqualTo(salt);
    assertThat(restarted.of("team-b")).as("another namespace").isNotEqualTo(restarted.of("team-a"));
  }
}
