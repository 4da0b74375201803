package dev.palisade.sidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.mcp.JsonRpcErrorCodes;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Standalone policies through the proxy: the wire effects of access rules, rate limits, monitor mode and reloads. */
class PolicyProxyIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
  private static final String LISTING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":["
      + "{\"name\":\"get_report\",\"inputSchema\":{\"type\":\"object\"}},"
      + "{\"name\":\"delete_user\",\"inputSchema\":{\"type\":\"object\"}}]}}";

  private static String call(String tool) {
    return "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":{}}}";
  }

  private static void answerListingsAndCalls(ProxyHarness h) {
    h.upstream.script((request, body) -> request.response().putHeader("content-type", "application/json")
        .end(body.toString().contains("tools/list") ? LISTING
            : "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"done\"}]}}"));
  }

  private static Iterable<String> names(String body) throws Exception {
    return JSON.readTree(body).at("/result/tools").findValuesAsText("name");
  }

  private static HttpResponse<String> as(ProxyHarness h, String principal, String json) throws Exception {
    return h.send(h.post("/mcp", json).header("X-Agent-Identity", principal));
  }

  @Test
  void deniedToolsAreHiddenAndTheirCallsRefusedForTheAgentsSelected(@TempDir Path dir) throws Exception {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, """
        apiVersion: palisade.dev/v1alpha1
        kind: McpPolicy
        metadata: {name: interns}
        spec:
          toolAccess:
            - principals: ["intern-*"]
              deny: ["delete_*"]
        """);
    try (ProxyHarness h = new ProxyHarness(c -> c.withPolicy(policy).withTrustedPrincipalHeader("X-Agent-Identity"))) {
      answerListingsAndCalls(h);
      assertThat(names(as(h, "intern-3", LIST).body())).containsExactly("get_report");
      assertThat(names(as(h, "admin", LIST).body())).containsExactly("get_report", "delete_user");
      int before = h.upstream.received().size();
      JsonNode refused = JSON.readTree(as(h, "intern-3", call("delete_user")).body());
      assertThat(refused.at("/error/code").asInt()).isEqualTo(JsonRpcErrorCodes.BLOCKED_BY_POLICY);
      assertThat(h.upstream.received()).hasSize(before);
      assertThat(as(h, "admin", call("delete_user")).body()).contains("done");
      assertThat(h.audit).anySatisfy(a -> {
        assertThat(a.exchange().principal()).isEqualTo("intern-3");
        assertThat(a.decision().finding().type()).isEqualTo("tool_denied");
      });
    }
  }

  @Test
  void rateLimitedCallsGet429AndTheRateLimitError(@TempDir Path dir) throws Exception {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, "name: limits\nrateLimits: [{name: two-per-hour, per: agent, requests: 2, period: 1h}]\n");
    try (ProxyHarness h = new ProxyHarness(c -> c.withPolicy(policy))) {
      answerListingsAndCalls(h);
      assertThat(h.postJson(call("get_report")).statusCode()).isEqualTo(200);
      assertThat(h.postJson(call("get_report")).statusCode()).isEqualTo(200);
      HttpResponse<String> limited = h.postJson(call("get_report"));
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("Retry-After")).as("one token per half hour").hasValue("1800");
      JsonNode error = JSON.readTree(limited.body());
      assertThat(error.at("/id").asInt()).isEqualTo(2);
      assertThat(error.at("/error/code").asInt()).isEqualTo(JsonRpcErrorCodes.RATE_LIMITED);
      assertThat(h.upstream.received()).hasSize(2);
    }
  }

  @Test
  void monitorModeChangesNothingOnTheWireButRecordsWhatItWouldHaveDone(@TempDir Path dir) throws Exception {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, """
        name: watch-only
        mode: monitor
        toolAccess: [{deny: ["delete_*"]}]
        rateLimits: [{name: one, per: agent, requests: 1, period: 1h}]
        """);
    try (ProxyHarness h = new ProxyHarness(c -> c.withPolicy(policy))) {
      answerListingsAndCalls(h);
      assertThat(names(h.postJson(LIST).body())).containsExactly("get_report", "delete_user");
      assertThat(h.postJson(call("delete_user")).body()).contains("done");
      assertThat(h.postJson(call("delete_user")).body()).contains("done");
      assertThat(h.audit).isNotEmpty().allSatisfy(a -> assertThat(a.decision().enforced()).isFalse());
      assertThat(h.audit).extracting(a -> a.decision().finding().type()).contains("tool_denied", "rate_limited");
    }
  }

  @Test
  void aChangedPolicyFileTakesEffectWithoutRestartAndABadChangeIsRejectedWhole(@TempDir Path dir) throws Exception {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, "name: p\ntoolAccess: [{deny: [nothing]}]\n");
    try (ProxyHarness h = new ProxyHarness(c -> c.withPolicy(policy))) {
      answerListingsAndCalls(h);
      assertThat(names(h.postJson(LIST).body())).containsExactly("get_report", "delete_user");

      // an answer in flight while the policy changes still completes
      CompletableFuture<Void> release = new CompletableFuture<>();
      h.upstream.script((request, body) -> release.whenComplete((v, e) -> h.vertx.runOnContext(x ->
          request.response().putHeader("content-type", "application/json").end(LISTING))));
      CompletableFuture<HttpResponse<String>> inFlight = h.client.sendAsync(h.post("/mcp", LIST).build(),
          HttpResponse.BodyHandlers.ofString());

      Files.writeString(policy, "name: p\ntoolAccess: [{deny: [\"delete_*\"]}]\n");
      awaitReload(h, 1);
      release.complete(null);
      assertThat(inFlight.get().statusCode()).isEqualTo(200);
      answerListingsAndCalls(h);
      assertThat(names(h.postJson(LIST).body())).containsExactly("get_report");

      Files.writeString(policy, "name: p\ntoolAccess: [{deny: [\"delete_*\"]}]\nrules: [{name: r, action: explode}]\n");
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!h.sidecar.metrics().scrape().contains("palisade_policy_reload_failures 1.0") && System.nanoTime() < deadline) {
        Thread.sleep(20); // polling with a deadline
      }
      assertThat(h.sidecar.metrics().scrape()).contains("palisade_policy_reload_failures 1.0");
      assertThat(names(h.postJson(LIST).body())).as("the running policy stays").containsExactly("get_report");
    }
  }

  private static void awaitReload(ProxyHarness h, int reloads) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!h.sidecar.metrics().scrape().contains("palisade_policy_reloads " + reloads + ".0") && System.nanoTime() < deadline) {
      Thread.sleep(20); // polling with a deadline
    }
    assertThat(h.sidecar.metrics().scrape()).contains("palisade_policy_reloads " + reloads + ".0");
  }

  @Test
  void aBlockedServerRequestIsAnsweredToTheServerInsteadOfLeftWaiting(@TempDir Path dir) throws Exception {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, "name: no-sampling\nrules: [{name: no-sampling, match: {direction: response, methods: "
        + "[sampling/createMessage]}, action: block}]\n");
    try (ProxyHarness h = new ProxyHarness(c -> c.withPolicy(policy))) {
      CompletableFuture<String> answerToServer = new CompletableFuture<>();
      h.upstream.script((request, body) -> {
        if (body.toString().contains("\"id\":\"s-1\"")) {
          answerToServer.complete(body.toString() + " session=" + request.getHeader("Mcp-Session-Id"));
          request.response().setStatusCode(202).end();
          return;
        }
        request.response().setChunked(true).putHeader("content-type", "text/event-stream")
            .putHeader("Mcp-Session-Id", "sess-9");
        request.response().write("data: {\"jsonrpc\":\"2.0\",\"id\":\"s-1\",\"method\":\"sampling/createMessage\","
            + "\"params\":{\"messages\":[]}}\n\n");
        answerToServer.whenComplete((v, e) -> h.vertx.runOnContext(x ->
            request.response().end("data: {\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"content\":[]}}\n\n")));
      });
      String clientSaw = h.send(h.post("/mcp", call("summarise")).header("Mcp-Session-Id", "sess-9")).body();
      assertThat(clientSaw).doesNotContain("sampling/createMessage").contains("\"id\":2");
      JsonNode answer = JSON.readTree(answerToServer.get().split(" session=")[0]);
      assertThat(answer.at("/id").asText()).isEqualTo("s-1");
      assertThat(answer.at("/error/code").asInt()).isEqualTo(JsonRpcErrorCodes.BLOCKED_BY_POLICY);
      assertThat(answerToServer.get()).endsWith("session=sess-9");
    }
  }
}
