package dev.palisade.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * Where tool definitions appear in a message: the {@code tools} array of a {@code tools/list} or
 * {@code server/discover} result.
 */
public final class ToolListing {
  /** JSON pointer of the tools array inside a listing result. */
  public static final String TOOLS_POINTER = "/result/tools";

  private ToolListing() {}

  public static boolean isListingMethod(String method) {
    return McpMethods.TOOLS_LIST.equals(method) || McpMethods.SERVER_DISCOVER.equals(method);
  }

  /** The tools array of a listing result answering {@code method}, or {@code null}. */
  public static ArrayNode tools(String method, JsonRpcMessage message) {
    if (!isListingMethod(method) || !(message instanceof JsonRpcMessage.Result result)) {
      return null;
    }
    JsonNode tools = result.result().get("tools");
    return tools instanceof ArrayNode array ? array : null;
  }

  /** Whether the listing is complete (not one page of several), so a missing tool has really gone. */
  public static boolean isComplete(JsonRpcMessage.Result result) {
    JsonNode cursor = result.result().get("nextCursor");
    return cursor == null || cursor.isNull();
  }

  /** The index of the tool a pointer such as {@code /result/tools/3/description} points into, or -1. */
  public static int toolIndex(String pointer) {
    String prefix = TOOLS_POINTER + "/";
    if (!pointer.startsWith(prefix)) {
      return -1;
    }
    int end = pointer.indexOf('/', prefix.length());
    String index = end < 0 ? pointer.substring(prefix.length()) : pointer.substring(prefix.length(), end);
    try {
      return Integer.parseInt(index);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The pointer to the tool at {@code index} in a listing. */
  public static String toolPointer(int index) {
    return TOOLS_POINTER + "/" + index;
  }
}
