package dev.palisade.demo.server;

import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptArgument;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import java.util.List;

/** The demo server's resources and prompts, so every MCP feature has something to round-trip. */
final class DemoCatalog {
  static final String STATIONS_URI = "demo://docs/weather-stations";

  private DemoCatalog() {}

  static List<SyncResourceSpecification> resources() {
    Resource stations = Resource.builder(STATIONS_URI, "weather-stations")
        .description("Which weather station serves which city").mimeType("text/markdown").build();
    String table = "| city | station |\n|---|---|\n| Berlin | Tempelhof |\n| Lisbon | Portela |\n| Tokyo | Otemachi |\n";
    return List.of(new SyncResourceSpecification(stations, (exchange, request) -> ReadResourceResult.builder(List.of(
        TextResourceContents.builder(STATIONS_URI, table).mimeType("text/markdown").build())).build()));
  }

  static List<SyncPromptSpecification> prompts() {
    Prompt briefing = Prompt.builder("trip_briefing").description("Prepare a short travel briefing for a city")
        .arguments(List.of(PromptArgument.builder("city").description("Destination city").required(true).build())).build();
    return List.of(new SyncPromptSpecification(briefing, (exchange, request) -> {
      Object city = request.arguments() == null ? null : request.arguments().get("city");
      return GetPromptResult.builder(List.of(new PromptMessage(Role.USER, TextContent.builder(
          "Give me a three-line travel briefing for " + city + ", including today's weather.").build())))
          .description("Travel briefing").build();
    }));
  }
}
