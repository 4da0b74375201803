package dev.palisade.e2e.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.demo.server.DemoMcpServer;
import dev.palisade.e2e.support.EmbeddedSidecar;
import dev.palisade.e2e.support.JsonTrees;
import dev.palisade.e2e.support.SdkClients;
import dev.palisade.e2e.support.SdkClients.Connected;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.GetPromptRequest;
import io.modelcontextprotocol.spec.McpSchema.LoggingMessageNotification;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Official Java SDK client ↔ sidecar ↔ official Java SDK server. Every exchange is made twice, once
 * directly and once through the sidecar, and the answers must be the same JSON.
 */
class SdkInteropIT {
  private static DemoMcpServer server;
  private static EmbeddedSidecar sidecar;

  @BeforeAll
  static void start() throws Exception {
    server = DemoMcpServer.start(InteropTools.all());
    sidecar = EmbeddedSidecar.start(server.streamableUri());
  }

  @AfterAll
  static void stop() throws Exception {
    if (sidecar != null) {
      sidecar.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void streamableHttpRoundTripsAreIdenticalThroughTheSidecar() {
    URI direct = server.streamableUri();
    Map<String, Object> viaServer = session(SdkClients.streamable(direct), SdkInteropIT::featureTour);
    Map<String, Object> viaSidecar = session(SdkClients.streamable(sidecar.proxied(direct)), SdkInteropIT::featureTour);

    assertThat(viaSidecar).containsOnlyKeys(viaServer.keySet());
    viaServer.forEach((step, answer) -> assertThat(viaSidecar.get(step)).as(step).isEqualTo(answer));
  }

  @Test
  void legacySseRoundTripsAreIdenticalThroughTheSidecar() {
    URI direct = server.baseUri().resolve("/sse");
    Map<String, Object> viaServer = session(SdkClients.legacySse(direct), SdkInteropIT::featureTour);
    Map<String, Object> viaSidecar = session(SdkClients.legacySse(sidecar.proxied(direct)), SdkInteropIT::featureTour);

    assertThat(viaServer.get("initialize").toString()).contains("2024-11-05");
    viaServer.forEach((step, answer) -> assertThat(viaSidecar.get(step)).as(step).isEqualTo(answer));
  }

  @Test
  void serverToClientElicitationAndSamplingCrossTheSidecarOnSse() {
    for (URI url : List.of(sidecar.proxied(server.streamableUri()), sidecar.proxied(server.baseUri().resolve("/sse")))) {
      try (Connected connected = url.getPath().equals("/sse") ? SdkClients.legacySse(url) : SdkClients.streamable(url)) {
        Object answer = JsonTrees.of(call(connected.client(), InteropTools.ASKING_TOOL));

        assertThat(answer.toString()).as(url.toString())
            .contains("elicitation ACCEPT name=" + SdkClients.ELICITED_NAME)
            .contains("sampling: " + SdkClients.SAMPLED_TEXT)
            .doesNotContain("isError=true");
      }
    }
  }

  @Test
  void anElicitationThatAsksForAPasswordNeverReachesTheClient() {
    try (Connected direct = SdkClients.streamable(server.streamableUri())) {
      assertThat(JsonTrees.of(call(direct.client(), InteropTools.PHISHING_TOOL)).toString()).contains("elicitation ACCEPT");
    }
    for (URI url : List.of(sidecar.proxied(server.streamableUri()), sidecar.proxied(server.baseUri().resolve("/sse")))) {
      try (Connected connected = url.getPath().equals("/sse") ? SdkClients.legacySse(url) : SdkClients.streamable(url)) {
        String answer = JsonTrees.of(call(connected.client(), InteropTools.PHISHING_TOOL)).toString();
        // the client would have accepted (as it does directly): the form never reached it, the server got an error
        assertThat(answer).as(url.toString()).contains("elicitation refused").doesNotContain("ACCEPT");
      }
    }
  }

  @Test
  void logNotificationsStreamThroughTheSidecarBeforeTheAnswer() {
    try (Connected connected = SdkClients.streamable(sidecar.proxied(server.streamableUri()))) {
      Object answer = JsonTrees.of(call(connected.client(), InteropTools.LOGGING_TOOL));

      assertThat(answer.toString()).contains("counted to 3");
      // the SDK hands notifications to the consumer asynchronously (possibly after the answer), so wait
      // for them with a deadline; their order is checked on the wire below
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (connected.logs().size() < 3 && System.nanoTime() < deadline) {
        try {
          Thread.sleep(10); // polling with a deadline
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      assertThat(connected.logs()).extracting(LoggingMessageNotification::data)
          .containsExactlyInAnyOrder("step 1", "step 2", "step 3");
    }
  }

  @Test
  void streamedEventsKeepTheirOrderOnTheWire() throws Exception {
    String body = RawStreamableSession.transcript(sidecar.proxied(server.streamableUri()), InteropTools.LOGGING_TOOL)
        .call().body();
    int first = body.indexOf("step 1");
    int second = body.indexOf("step 2");
    int third = body.indexOf("step 3");
    int answer = body.indexOf("counted to 3");
    assertThat(first).isNotNegative();
    assertThat(second).isGreaterThan(first);
    assertThat(third).isGreaterThan(second);
    assertThat(answer).isGreaterThan(third);
  }

  @Test
  void answersKeepTheirMediaTypeAndSessionsEndWithDelete() throws Exception {
    RawStreamableSession.Transcript direct = RawStreamableSession.transcript(server.streamableUri(), InteropTools.LOGGING_TOOL);
    RawStreamableSession.Transcript proxied =
        RawStreamableSession.transcript(sidecar.proxied(server.streamableUri()), InteropTools.LOGGING_TOOL);

    assertThat(proxied.initializeContentType()).isEqualTo(direct.initializeContentType()).startsWith("application/json");
    assertThat(proxied.call().contentType()).isEqualTo(direct.call().contentType()).startsWith("text/event-stream");
    assertThat(proxied.call().body()).contains("notifications/message").contains("counted to 3");
    assertThat(proxied.deleteStatus()).isEqualTo(direct.deleteStatus()).isBetween(200, 299);
    assertThat(proxied.callAfterDelete().status()).as("the session the DELETE ended is gone").isGreaterThanOrEqualTo(400);
  }

  @Test
  void answerForAnEndedSessionIsPassedThroughUnchanged() throws Exception {
    RawStreamableSession.Transcript direct = RawStreamableSession.transcript(server.streamableUri(), InteropTools.LOGGING_TOOL);
    RawStreamableSession.Transcript proxied =
        RawStreamableSession.transcript(sidecar.proxied(server.streamableUri()), InteropTools.LOGGING_TOOL);

    assertThat(proxied.callAfterDelete().status()).isEqualTo(direct.callAfterDelete().status()).isEqualTo(404);
  }

  /** Exercises tools, resources and prompts; answers by step name, as JSON trees. */
  private static Map<String, Object> featureTour(McpSyncClient client) {
    Map<String, Object> answers = new LinkedHashMap<>();
    answers.put("initialize", JsonTrees.of(client.getCurrentInitializationResult()));
    answers.put("tools/list", JsonTrees.of(client.listTools()));
    answers.put("tools/call get_weather", JsonTrees.of(client.callTool(
        CallToolRequest.builder("get_weather").arguments(Map.of("city", "Tokyo")).build())));
    answers.put("tools/call query_customers", JsonTrees.of(client.callTool(
        CallToolRequest.builder("query_customers").arguments(Map.of("filter", "a")).build())));
    answers.put("tools/call unknown tool", JsonTrees.of(errorOf(() -> client.callTool(
        CallToolRequest.builder("no_such_tool").arguments(Map.of()).build()))));
    answers.put("resources/list", JsonTrees.of(client.listResources()));
    answers.put("resources/read", JsonTrees.of(client.readResource(new ReadResourceRequest("demo://docs/weather-stations"))));
    answers.put("prompts/list", JsonTrees.of(client.listPrompts()));
    answers.put("prompts/get", JsonTrees.of(client.getPrompt(new GetPromptRequest("trip_briefing", Map.of("city", "Lisbon")))));
    return answers;
  }

  private static Object call(McpSyncClient client, String tool) {
    return client.callTool(CallToolRequest.builder(tool).arguments(Map.of()).build());
  }

  /** The JSON-RPC error a request ended with, or its result if it did not fail. */
  private static Object errorOf(java.util.function.Supplier<Object> request) {
    try {
      return request.get();
    } catch (io.modelcontextprotocol.spec.McpError e) {
      return e.getJsonRpcError();
    }
  }

  private static Map<String, Object> session(Connected connected, Function<McpSyncClient, Map<String, Object>> tour) {
    try (connected) {
      return tour.apply(connected.client());
    }
  }
}
