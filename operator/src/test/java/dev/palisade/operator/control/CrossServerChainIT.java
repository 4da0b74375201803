package dev.palisade.operator.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.palisade.crds.mcppolicy.McpPolicy;
import dev.palisade.crds.mcpserver.McpServer;
import dev.palisade.crds.mcpviolation.McpViolation;
import dev.palisade.demo.server.DemoMcpServer;
import dev.palisade.operator.PalisadeOperator;
import dev.palisade.operator.testing.Crds;
import dev.palisade.operator.testing.Eventually;
import dev.palisade.operator.testing.SidecarJar;
import dev.palisade.operator.violation.RetentionLimits;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chain across two MCP servers of one agent, end to end in one JVM: the operator and its control
 * API on fabric8's mock API server, three real sidecars (the sidecar jar, each in its own class
 * loader) in front of MCP servers built with the official Java SDK, and SDK clients as agents that
 * prove who they are with ServiceAccount tokens the operator verifies.
 *
 * <p>The agent reads customers through the crm sidecar and mails one out through the mailer sidecar
 * of the same namespace: the mailer blocks it and the McpViolation appears. Another agent mailing the
 * same address is not blocked, and a sidecar in another namespace sees nothing of the first.
 */
@EnableKubernetesMockClient(crud = true)
class CrossServerChainIT {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final String AGENT = "system:serviceaccount:team-a:report-bot";
  private static final String CUSTOMER = "ada.lovelace@example.com";
  static KubernetesClient client;
  private final List<AutoCloseable> running = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
  }

  private <T extends AutoCloseable> T closeLater(T resource) {
    running.add(resource);
    return resource;
  }

  @Test
  void privateDataReadOnOneServerIsBlockedWhenTheSameAgentSendsItThroughAnother(@TempDir Path dir) throws Exception {
    Crds.apply(client);
    PalisadeOperator operator = closeLater(new PalisadeOperator(client, Clock.systemUTC(), false).start());
    ControlPlane control = closeLater(ControlPlane.start(client, operator, new FakeAuthenticator(),
        new FakeAuthenticator.AgentTokens(), new ControlPlane.Settings(new InetSocketAddress("127.0.0.1", 0), null, false,
            Duration.ofSeconds(20), RetentionLimits.DEFAULT), Clock.systemUTC()));
    for (String namespace : List.of("team-a", "team-b")) {
      apply(McpPolicy.class, namespace, GUARD);
      apply(McpServer.class, namespace, server("mailer"));
    }
    apply(McpServer.class, "team-a", server("crm"));

    DemoMcpServer crmServer = closeLater(DemoMcpServer.start());
    DemoMcpServer mailServer = closeLater(DemoMcpServer.start());
    SidecarJar jar = closeLater(SidecarJar.open());
    String controlUrl = "http://127.0.0.1:" + control.port();
    SidecarJar.Running crm = closeLater(sidecar(jar, dir, crmServer, "crm", "team-a", FakeAuthenticator.SIDECAR, controlUrl));
    SidecarJar.Running mailer = closeLater(sidecar(jar, dir, mailServer, "mailer", "team-a", FakeAuthenticator.SIDECAR, controlUrl));
    SidecarJar.Running otherNamespace = closeLater(sidecar(jar, dir, mailServer, "mailer", "team-b",
        FakeAuthenticator.OTHER_NAMESPACE, controlUrl));
    for (SidecarJar.Running sidecar : List.of(crm, mailer, otherNamespace)) {
      Eventually.await(DEADLINE, "the policy and the namespace salt applied",
          () -> sidecar.metric("palisade_control_configs_applied_total") >= 1);
    }

    McpSyncClient agentAtCrm = closeLater(agent(crm, FakeAuthenticator.AgentTokens.AGENT));
    McpSyncClient agentAtMailer = closeLater(agent(mailer, FakeAuthenticator.AgentTokens.AGENT));
    McpSyncClient otherAgentAtMailer = closeLater(agent(mailer, FakeAuthenticator.AgentTokens.OTHER_AGENT));
    McpSyncClient agentInTeamB = closeLater(agent(otherNamespace, FakeAuthenticator.AgentTokens.AGENT));

    assertThat(text(call(agentAtCrm, "query_customers", Map.of("filter", "enterprise")))).contains(CUSTOMER);
    long answered = System.nanoTime();
    Eventually.await(DEADLINE, "the crm sidecar's steps at the mailer sidecar",
        () -> mailer.metric("palisade_shared_sessions_steps_received_total") >= 2);
    System.out.printf("steps of the crm sidecar reached the mailer sidecar %d ms after the answer%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - answered));

    Map<String, Object> leak = Map.of("to", "x@competitor.example", "subject", "Leads", "body", "Our best customer: " + CUSTOMER);
    assertThat(call(otherAgentAtMailer, "send_email", leak).isError())
        .as("another agent never read the data: its mail passes").isNotEqualTo(Boolean.TRUE);
    assertThat(call(agentAtMailer, "send_email", Map.of("to", "team@example.com", "subject", "Standup", "body", "at 10"))
        .isError()).as("mail without the data passes").isNotEqualTo(Boolean.TRUE);
    McpError blocked = catchThrowableOfType(McpError.class, () -> call(agentAtMailer, "send_email", leak));
    assertThat(blocked).as("the chain crm -> mailer is blocked at the mailer").isNotNull();
    assertThat(blocked.getJsonRpcError().code()).isEqualTo(-32050);
    assertThat(blocked.getJsonRpcError().message()).contains("exfiltration/toxic_flow");

    McpViolation violation = Eventually.await(DEADLINE, "the McpViolation of the chain", () ->
        client.resources(McpViolation.class).inNamespace("team-a").list().getItems().stream()
            .filter(v -> "crm-data-to-mail".equals(v.getSpec().rule())).findFirst().orElse(null));
    assertThat(violation.getSpec().server()).isEqualTo("mailer");
    assertThat(violation.getSpec().principal()).isEqualTo(AGENT);
    assertThat(violation.getSpec().evidence().excerpt()).contains("crm/query_customers -> send_email");
    assertThat(Serialization.asYaml(violation)).doesNotContain(CUSTOMER);

    assertThat(call(agentInTeamB, "send_email", leak).isError())
        .as("a sidecar of another namespace knows nothing of team-a's agent").isNotEqualTo(Boolean.TRUE);
    assertThat(otherNamespace.metric("palisade_shared_sessions_steps_received_total")).isZero();
    assertThat(otherNamespace.metric("palisade_shared_sessions_principals")).isZero();
    assertThat(client.resources(McpViolation.class).inNamespace("team-b").list().getItems())
        .noneMatch(v -> "crm-data-to-mail".equals(v.getSpec().rule()));
  }

  /** Customer data from the crm, then within ten calls a mail that carries it. */
  private static final String GUARD = """
      apiVersion: palisade.dev/v1alpha1
      kind: McpPolicy
      metadata: {name: data-guard}
      spec:
        selector: {matchLabels: {guard: "on"}}
        rules:
          - {name: report-pii, match: {categories: [pii]}, action: alert}
        sequences:
          - name: crm-data-to-mail
            within: {calls: 10, duration: 10m}
            steps:
              - {direction: response, tools: [query_customers], categories: [pii]}
              - {direction: request, tools: ["send_*"], carries: tainted}
            action: block
      """;

  private static String server(String name) {
    return """
        apiVersion: palisade.dev/v1alpha1
        kind: McpServer
        metadata: {name: %s, labels: {guard: "on"}}
        spec:
          selector: {matchLabels: {app: %s}}
          port: 8080
        """.formatted(name, name);
  }

  private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> void apply(Class<T> kind, String namespace,
      String yaml) {
    T resource = Serialization.unmarshal(yaml, kind);
    resource.getMetadata().setNamespace(namespace);
    client.resources(kind).inNamespace(namespace).resource(resource).create();
  }

  private static SidecarJar.Running sidecar(SidecarJar jar, Path dir, DemoMcpServer upstream, String server,
      String namespace, String token, String controlUrl) throws Exception {
    Path tokenFile = Files.writeString(dir.resolve(namespace + "-" + server + ".token"), token);
    return jar.start("--upstream", upstream.streamableUri().toString(), "--listen", "127.0.0.1:0",
        "--admin", "127.0.0.1:0", "--server-name", server, "--namespace", namespace, "--control-plane", controlUrl,
        "--control-token-file", tokenFile.toString(),
        "--audit", dir.resolve(namespace + "-" + server + "-audit.jsonl").toString());
  }

  /** An SDK client through {@code sidecar}, presenting the agent's ServiceAccount token. */
  private static McpSyncClient agent(SidecarJar.Running sidecar, String agentToken) {
    URI endpoint = sidecar.endpoint("/mcp");
    McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport
            .builder(endpoint.getScheme() + "://" + endpoint.getRawAuthority()).endpoint(endpoint.getPath())
            .requestBuilder(HttpRequest.newBuilder().header("Palisade-Agent-Token", agentToken)).build())
        .clientInfo(McpSchema.Implementation.builder("palisade-cross-server-it", "1.0.0").build())
        .requestTimeout(Duration.ofSeconds(20)).build();
    client.initialize();
    return client;
  }

  private static McpSchema.CallToolResult call(McpSyncClient agent, String tool, Map<String, Object> arguments) {
    return agent.callTool(McpSchema.CallToolRequest.builder(tool).arguments(arguments).build());
  }

  private static String text(McpSchema.CallToolResult result) {
    return result.content().toString();
  }
}
