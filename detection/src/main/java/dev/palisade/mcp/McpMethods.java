package dev.palisade.mcp;

/** MCP method names the inspectors care about. */
public final class McpMethods {
  public static final String INITIALIZE = "initialize";
  public static final String SERVER_DISCOVER = "server/discover";
  public static final String TOOLS_LIST = "tools/list";
  public static final String TOOLS_CALL = "tools/call";
  public static final String RESOURCES_READ = "resources/read";
  public static final String PROMPTS_GET = "prompts/get";
  public static final String ELICITATION_CREATE = "elicitation/create";
  public static final String TOOLS_LIST_CHANGED = "notifications/tools/list_changed";

  private McpMethods() {}

  /** The tool name, prompt name or resource URI a request is about, or {@code null}. */
  public static String target(String method, com.fasterxml.jackson.databind.JsonNode params) {
    if (method == null || params == null) {
      return null;
    }
    return switch (method) {
      case TOOLS_CALL, PROMPTS_GET -> params.path("name").textValue();
      case RESOURCES_READ -> params.path("uri").textValue();
      default -> null;
    };
  }
}
