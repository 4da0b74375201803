package dev.palisade.e2e.support;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns MCP results into plain JSON trees (maps, lists, scalars) so two answers compare by content,
 * independent of object identity and key order.
 */
public final class JsonTrees {
  private static final McpJsonMapper JSON = McpJsonDefaults.getMapper();

  private JsonTrees() {}

  public static Object of(Object value) {
    try {
      return JSON.readValue(JSON.writeValueAsString(value), Object.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Object parse(String json) {
    try {
      return JSON.readValue(json, Object.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
