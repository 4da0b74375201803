package dev.palisade.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The latest tool definitions each server listed (bounded per server), for argument validation and
 * the taxonomy. Definitions come from listings that passed inspection.
 */
public final class ToolCatalog {
  private static final int MAX_TOOLS_PER_SERVER = 2048;
  private final Map<String, Map<String, JsonNode>> servers = new HashMap<>();

  public synchronized void update(String server, ArrayNode tools) {
    Map<String, JsonNode> byName = servers.computeIfAbsent(server, s -> new LinkedHashMap<>());
    for (JsonNode tool : tools) {
      String name = tool.path("name").asText(null);
      if (name != null && (byName.containsKey(name) || byName.size() < MAX_TOOLS_PER_SERVER)) {
        byName.put(name, tool);
      }
    }
  }

  public synchronized JsonNode definition(String server, String tool) {
    Map<String, JsonNode> byName = servers.get(server);
    return byName == null || tool == null ? null : byName.get(tool);
  }
}
