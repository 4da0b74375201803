package dev.palisade.e2e.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.palisade.demo.server.DemoMcpServer;
import dev.palisade.demo.server.RugPullTool;
import dev.palisade.e2e.support.EmbeddedSidecar;
import dev.palisade.e2e.support.SdkClients;
import dev.palisade.e2e.support.SdkClients.Connected;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A tool whose description changes between two listings, seen by an SDK client through the sidecar. */
class RugPullIT {
  private static final CallToolRequest DIGEST = CallToolRequest.builder(RugPullTool.NAME)
      .arguments(Map.of("topic", "standup")).build();

  @Test
  void changedToolIsWithheldAndBlockedUntilApproved() throws Exception {
    try (DemoMcpServer server = DemoMcpServer.start();
        EmbeddedSidecar sidecar = EmbeddedSidecar.start(server.streamableUri());
        Connected agent = SdkClients.streamable(sidecar.proxied(server.streamableUri()));
        Connected bystander = SdkClients.streamable(server.streamableUri())) {
      assertThat(toolNames(agent)).contains(RugPullTool.NAME);
      assertThat(agent.client().callTool(DIGEST).isError()).isNotEqualTo(Boolean.TRUE);

      server.pullTheRug();

      assertThat(toolNames(agent)).doesNotContain(RugPullTool.NAME).contains("get_weather");
      assertThat(toolNames(bystander)).as("the server itself still offers the tool").contains(RugPullTool.NAME);
      McpError refused = catchThrowableOfType(McpError.class, () -> agent.client().callTool(DIGEST));
      assertThat(refused.getJsonRpcError().code()).isEqualTo(-32050);
      assertThat(sidecar.auditText()).contains("\"tool\":\"" + RugPullTool.NAME + "\"");

      // Approving the new hash is not enough here: the new definition is itself poisoned, so the
      // detection rules keep it withheld and keep refusing calls to it (defence in depth).
      assertThat(sidecar.server().pins().approve("standalone", RugPullTool.NAME, null)).isTrue();
      assertThat(toolNames(agent)).doesNotContain(RugPullTool.NAME);
      McpError stillRefused = catchThrowableOfType(McpError.class, () -> agent.client().callTool(DIGEST));
      assertThat(stillRefused.getJsonRpcError().message()).contains("call_to_withheld_tool");
    }
  }

  @Test
  void aBenignChangeIsWithheldUntilApprovedAndThenServedAgain() throws Exception {
    try (DemoMcpServer server = DemoMcpServer.start();
        EmbeddedSidecar sidecar = EmbeddedSidecar.start(server.streamableUri());
        Connected agent = SdkClients.streamable(sidecar.proxied(server.streamableUri()))) {
      assertThat(toolNames(agent)).contains(RugPullTool.NAME);
      server.replaceTool(RugPullTool.specification("Summarise today's notes on a topic into five bullet points."));
      assertThat(toolNames(agent)).doesNotContain(RugPullTool.NAME);
      assertThat(catchThrowableOfType(McpError.class, () -> agent.client().callTool(DIGEST)).getJsonRpcError().code())
          .isEqualTo(-32050);

      assertThat(sidecar.server().pins().approve("standalone", RugPullTool.NAME, null)).isTrue();

      List<Tool> relisted = agent.client().listTools().tools();
      assertThat(relisted).filteredOn(tool -> tool.name().equals(RugPullTool.NAME))
          .singleElement().extracting(Tool::description).asString().contains("five bullet points");
      CallToolResult approvedCall = agent.client().callTool(DIGEST);
      assertThat(approvedCall.isError()).isNotEqualTo(Boolean.TRUE);
    }
  }

  private static List<String> toolNames(Connected connected) {
    return connected.client().listTools().tools().stream().map(Tool::name).toList();
  }
}
