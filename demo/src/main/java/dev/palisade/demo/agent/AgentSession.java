package dev.palisade.demo.agent;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Content;
import io.modelcontextprotocol.spec.McpSchema.InitializeResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The agent's side of one MCP session: an SDK client plus what the agent remembers between steps
 * (the tools it was last shown). Steps call these methods and get an {@link Observation} back.
 */
public final class AgentSession {
  private static final int SUMMARY_LIMIT = 160;

  private final McpSyncClient client;
  private Set<String> knownTools = Set.of();

  public AgentSession(McpSyncClient client) {
    this.client = client;
  }

  public Observation initialize() {
    return guarded(() -> {
      InitializeResult init = client.initialize();
      return Observation.of(Outcome.PASSED, "connected to " + init.serverInfo().name() + " "
          + init.serverInfo().version() + ", protocol " + init.protocolVersion());
    });
  }

  /** Lists tools; tools seen in the previous listing but missing now count as withheld. */
  public Observation listTools() {
    return guarded(() -> {
      List<Tool> tools = client.listTools().tools();
      Set<String> names = new LinkedHashSet<>();
      tools.forEach(tool -> names.add(tool.name()));
      List<String> missing = new ArrayList<>(knownTools);
      missing.removeAll(names);
      knownTools = names;
      if (!missing.isEmpty()) {
        return Observation.of(Outcome.WITHHELD, "missing from the list: " + String.join(", ", missing)
            + "; still listed: " + String.join(", ", names));
      }
      return Observation.of(Outcome.PASSED, names.size() + " tools: " + String.join(", ", names));
    });
  }

  public Observation callTool(String name, Map<String, Object> arguments) {
    return guarded(() -> {
      CallToolResult result = client.callTool(CallToolRequest.builder(name).arguments(arguments).build());
      String text = firstText(result.content());
      if (Boolean.TRUE.equals(result.isError())) {
        return Observation.of(Outcome.FAILED, "tool reported an error: " + abbreviate(text));
      }
      if (text.contains("[REDACTED:")) {
        return Observation.of(Outcome.REDACTED, abbreviate(text));
      }
      return Observation.of(Outcome.PASSED, abbreviate(text));
    });
  }

  /** Lists tools to see whether one the server offers reaches the agent; missing counts as withheld. */
  public Observation expectHidden(String tool) {
    return guarded(() -> {
      List<String> names = client.listTools().tools().stream().map(Tool::name).toList();
      return names.contains(tool)
          ? Observation.of(Outcome.PASSED, tool + " is listed")
          : Observation.of(Outcome.WITHHELD, tool + " is missing from the list (the server offers it)");
    });
  }

  /** Runs a step that is not an agent request, such as a change made on the server. */
  public Observation serverChange(Runnable change, String summary) {
    change.run();
    return Observation.of(Outcome.SERVER_CHANGE, summary);
  }

  private static Observation guarded(java.util.function.Supplier<Observation> request) {
    try {
      return request.get();
    } catch (McpError error) {
      var rpc = error.getJsonRpcError();
      if (rpc == null) {
        return Observation.of(Outcome.FAILED, error.getMessage());
      }
      Outcome outcome = rpc.code() == PalisadeErrors.BLOCKED_BY_POLICY ? Outcome.BLOCKED : Outcome.FAILED;
      return Observation.refused(outcome, rpc.code(), rpc.message());
    } catch (RuntimeException e) {
      return Observation.of(Outcome.FAILED, McpError.aggregateExceptionMessages(e));
    }
  }

  private static String firstText(List<Content> content) {
    if (content == null) {
      return "";
    }
    return content.stream().filter(TextContent.class::isInstance).map(c -> ((TextContent) c).text())
        .findFirst().orElse("(" + content.size() + " non-text content items)");
  }

  private static String abbreviate(String text) {
    String oneLine = text.replace('\n', ' ');
    return oneLine.length() <= SUMMARY_LIMIT ? oneLine : oneLine.substring(0, SUMMARY_LIMIT - 1) + "…";
  }
}
