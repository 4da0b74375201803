package dev.palisade.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.palisade.inspection.Decision;
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
  private final Map<String, Map<String, Decision>> withheld = new HashMap<>();

  public synchronized void update(String server, ArrayNode tools) {
    Map<String, JsonNode> byName = servers.computeIfAbsent(server, s -> new LinkedHashMap<>());
    for (JsonNode tool : tools) {
      String name = tool.path("name").asText(null);
      if (name != null && (byName.containsKey(name) || byName.size() < MAX_TOOLS_PER_SERVER)) {
        byName.put(name, tool);
      }
    }
  }

  /**
   * Remembers which tools of a listing were withheld and why, so that a call to one of them (from an
   * agent that learned the tool elsewhere, or cached an older list) is refused too.
   */
  public synchronized void recordWithheld(String server, ArrayNode tools, Map<String, Decision> withheldByName) {
    Map<String, Decision> byName = withheld.computeIfAbsent(server, s -> new HashMap<>());
    for (JsonNode tool : tools) {
      String name = tool.path("name").asText(null);
      if (name == null) {
        continue;
      }
      Decision decision = withheldByName.get(name);
      if (decision != null && byName.size() < MAX_TOOLS_PER_SERVER) {
        byName.put(name, decision);
      } else {
        byName.remove(name);
      }
    }
  }

  /** Why the tool was withheld from the latest listing that showed it, or {@code null}. */
  public synchronized Decision withheld(String server, String tool) {
    Map<String, Decision> byName = withheld.get(server);
    return byName == null || tool == null ? null : byName.get(tool);
  }

  public synchronized JsonNode definition(String server, String tool) {
    Map<String, JsonNode> byName = servers.get(server);
    return byName == null || tool == null ? null : byName.get(tool);
  }
}
