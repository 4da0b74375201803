package dev.palisade.operator.mcpserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.crds.ToolApproval;
import dev.palisade.crds.mcpserver.McpServer;
import dev.palisade.crds.mcpserver.McpServerSpec;
import dev.palisade.crds.mcpserver.McpServerStatus.ObservedTool;
import dev.palisade.operator.events.ServerEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class PinEventsTest {
  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);

  @Test
  void oneEventPerChangeNotPerReconcile() {
    McpServer server = new McpServer("weather", null);
    server.getMetadata().setNamespace("team-a");
    server.getMetadata().setUid("uid-1");

    List<ServerEvent> approved = PinEvents.of(server, null, List.of(tool("forecast", A, A, ToolApproval.APPROVED)),
        List.of(new McpServerSpec.ApprovedPin("forecast", A, "palisade-operator", "2026-03-01T12:00:00Z")));
    assertThat(approved).singleElement().satisfies(e -> {
      assertThat(e.reason()).isEqualTo("ToolPinApproved");
      assertThat(e.uid()).isEqualTo("uid-1");
      assertThat(e.message()).contains("forecast", A.substring(0, 12), "trust on first use");
    });

    List<ObservedTool> changed = List.of(tool("forecast", B, A, ToolApproval.CHANGED));
    assertThat(PinEvents.of(server, List.of(tool("forecast", A, A, ToolApproval.APPROVED)), changed, List.of()))
        .singleElement().satisfies(e -> {
          assertThat(e.reason()).isEqualTo("ToolDefinitionChanged");
          assertThat(e.type()).isEqualTo(ServerEvent.Type.WARNING);
        });
    assertThat(PinEvents.of(server, changed, changed, List.of())).as("the next reconcile says nothing new").isEmpty();

    assertThat(PinEvents.of(server, changed, List.of(changed.get(0), tool("alerts", A, null, ToolApproval.PENDING)),
        List.of())).extracting(ServerEvent::reason).containsExactly("ToolAwaitingApproval");
  }

  private static ObservedTool tool(String name, String hash, String pin, ToolApproval approval) {
    return new ObservedTool(name, hash, pin, "2026-03-01T12:00:00Z", "2026-03-01T12:00:00Z", approval);
  }
}
