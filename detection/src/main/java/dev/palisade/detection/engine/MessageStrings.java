package dev.palisade.detection.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.palisade.inspection.Exchange;
import dev.palisade.mcp.JsonRpcMessage;
import dev.palisade.mcp.ToolListing;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which strings of a message are scanned, with their JSON pointers. Tool listings: every string of
 * every tool definition (name, title, description, schema texts, defaults, enums, annotations) and
 * the property names of its schemas, under the tool's own name. Everything else: every string value
 * of the params, result or error (arguments, content text, structured content, resources, prompts,
 * sampling and elicitation texts), except binary blobs and protocol tokens.
 */
public final class MessageStrings {
  private static final Set<String> PROTOCOL_FIELDS = Set.of("jsonrpc", "id", "method");
  private static final Set<String> TOKEN_FIELDS = Set.of("mimeType", "type", "blob", "protocolVersion", "progressToken", "cursor", "nextCursor");
  private final int maxStrings;

  public MessageStrings(int maxStrings) {
    this.maxStrings = maxStrings;
  }

  public List<ScanTarget> collect(Exchange exchange, JsonRpcMessage message) {
    List<ScanTarget> targets = new ArrayList<>();
    ArrayNode tools = ToolListing.tools(exchange.method(), message);
    if (tools != null) {
      for (int i = 0; i < tools.size(); i++) {
        JsonNode tool = tools.get(i);
        String name = tool.path("name").asText(null);
        walk(tool, ToolListing.toolPointer(i), name, true, targets);
      }
      JsonNode result = ((JsonRpcMessage.Result) message).result();
      for (Iterator<Map.Entry<String, JsonNode>> it = result.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!field.getKey().equals("tools")) {
          walk(field.getValue(), "/result/" + escape(field.getKey()), null, false, targets);
        }
      }
      return targets;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = message.json().fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!PROTOCOL_FIELDS.contains(field.getKey())) {
        walk(field.getValue(), "/" + escape(field.getKey()), exchange.target(), false, targets);
      }
    }
    return targets;
  }

  private void walk(JsonNode node, String pointer, String tool, boolean definition, List<ScanTarget> out) {
    if (out.size() >= maxStrings) {
      return;
    }
    if (node.isTextual()) {
      out.add(new ScanTarget(pointer, node.textValue(), tool));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), pointer + "/" + i, tool, definition, out);
      }
    } else if (node.isObject()) {
      boolean binary = "image".equals(node.path("type").asText()) || "audio".equals(node.path("type").asText());
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String key = field.getKey();
        String child = pointer + "/" + escape(key);
        if (definition && pointer.endsWith("/properties")) {
          out.add(new ScanTarget(child, key, tool)); // a parameter's name is read by the model too
        }
        if ((TOKEN_FIELDS.contains(key) && field.getValue().isTextual()) || (binary && key.equals("data"))) {
          continue;
        }
        walk(field.getValue(), child, tool, definition, out);
      }
    }
  }

  static String escape(String key) {
    return key.indexOf('~') < 0 && key.indexOf('/') < 0 ? key : key.replace("~", "~0").replace("/", "~1");
  }
}
