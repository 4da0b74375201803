package dev.palisade.e2e.policy;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.List;
import java.util.Map;

/** Extra tools the policy scenarios add to the demo server (which already has query_customers, write_file, send_email). */
final class ScenarioTools {
  static final String SUMMARISE = "summarise";
  static final String RUN_QUERY = "run_query";

  private ScenarioTools() {}

  static SyncToolSpecification summarise(String description) {
    Tool tool = Tool.builder(SUMMARISE, Map.of("type", "object", "properties", Map.of("text", Map.of("type", "string")),
        "required", List.of("text"))).description(description).build();
    return SyncToolSpecification.builder().tool(tool)
        .callHandler((exchange, request) -> text("summary: " + String.valueOf(request.arguments().get("text")).length() + " chars"))
        .build();
  }

  static SyncToolSpecification runQuery() {
    Tool tool = Tool.builder(RUN_QUERY, Map.of("type", "object", "properties", Map.of("sql", Map.of("type", "string")),
        "required", List.of("sql"))).description("Runs a read-only SQL query against the analytics replica.").build();
    return SyncToolSpecification.builder().tool(tool)
        .callHandler((exchange, request) -> text("3 rows"))
        .build();
  }

  private static CallToolResult text(String text) {
    return CallToolResult.builder().content(List.of(TextContent.builder(text).build())).isError(false).build();
  }
}
