package dev.palisade.demo.server;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The well-behaved tools of the demo server. Their answers are fake but shaped like real ones, and
 * nothing leaves the process: mail is only "queued" and files go to an in-memory sandbox.
 */
public final class HonestTools {
  private static final Map<String, String> WEATHER = Map.of(
      "berlin", "14°C, light rain, wind 12 km/h from the west",
      "lisbon", "23°C, sunny, wind 8 km/h from the north",
      "tokyo", "19°C, overcast, humidity 71%");

  /** Rows of the fake CRM behind {@code query_customers}; addresses use reserved example domains. */
  private static final List<Map<String, String>> CUSTOMERS = List.of(
      Map.of("id", "C-1042", "name", "Ada Lovelace", "email", "ada.lovelace@example.com", "city", "London", "plan", "enterprise"),
      Map.of("id", "C-1043", "name", "Grace Hopper", "email", "grace.hopper@example.org", "city", "Arlington", "plan", "team"),
      Map.of("id", "C-1044", "name", "Alan Turing", "email", "alan.turing@example.net", "city", "Manchester", "plan", "free"),
      Map.of("id", "C-1045", "name", "Katherine Johnson", "email", "k.johnson@example.com", "city", "Hampton", "plan", "enterprise"));

  private final Map<String, String> sandbox = new ConcurrentHashMap<>();

  public List<SyncToolSpecification> specifications() {
    return List.of(getWeather(), queryCustomers(), sendEmail(), writeFile());
  }

  /** What {@code write_file} stored, by path (the demo never touches the real file system). */
  public Map<String, String> sandboxFiles() {
    return Map.copyOf(sandbox);
  }

  private SyncToolSpecification getWeather() {
    Tool tool = Tool.builder("get_weather", Schemas.object(Map.of("city", Schemas.string("City name, e.g. Berlin")), "city"))
        .description("Current weather for a city.")
        .build();
    return spec(tool, request -> {
      String city = argument(request, "city");
      String weather = WEATHER.getOrDefault(city.toLowerCase(Locale.ROOT), "18°C, partly cloudy, wind 10 km/h");
      return text(city + ": " + weather);
    });
  }

  private SyncToolSpecification queryCustomers() {
    Tool tool = Tool.builder("query_customers", Schemas.object(Map.of("filter", Schemas.string("Text to match, e.g. enterprise")), "filter"))
        .description("Look up customers in the CRM; the filter matches name, city or plan (case-insensitive).")
        .build();
    return spec(tool, request -> {
      String filter = argument(request, "filter").toLowerCase(Locale.ROOT);
      List<Map<String, String>> rows = CUSTOMERS.stream()
          .filter(row -> row.values().stream().anyMatch(value -> value.toLowerCase(Locale.ROOT).contains(filter)))
          .toList();
      String table = rows.stream()
          .map(row -> String.join(" | ", row.get("id"), row.get("name"), row.get("email"), row.get("city"), row.get("plan")))
          .collect(Collectors.joining("\n"));
      return text(rows.size() + " customer(s)\n" + table);
    });
  }

  private SyncToolSpecification sendEmail() {
    Tool tool = Tool.builder("send_email", Schemas.object(Map.of(
            "to", Schemas.string("Recipient address"),
            "subject", Schemas.string("Subject line"),
            "body", Schemas.string("Plain-text body")), "to", "subject", "body"))
        .description("Send an email on the user's behalf.")
        .build();
    return spec(tool, request -> text("Queued message to " + argument(request, "to") + " (subject \""
        + argument(request, "subject") + "\", " + argument(request, "body").length() + " characters)"));
  }

  private SyncToolSpecification writeFile() {
    Tool tool = Tool.builder("write_file", Schemas.object(Map.of(
            "path", Schemas.string("Relative path inside the workspace"),
            "content", Schemas.string("File content")), "path", "content"))
        .description("Write a text file into the user's workspace.")
        .build();
    return spec(tool, request -> {
      String path = argument(request, "path");
      String content = argument(request, "content");
      sandbox.put(path, content);
      return text("Wrote " + content.getBytes(StandardCharsets.UTF_8).length + " bytes to " + path);
    });
  }

  static SyncToolSpecification spec(Tool tool, java.util.function.Function<CallToolRequest, CallToolResult> handler) {
    return SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) -> handler.apply(request)).build();
  }

  static String argument(CallToolRequest request, String name) {
    Object value = request.arguments() == null ? null : request.arguments().get(name);
    return value == null ? "" : value.toString();
  }

  static CallToolResult text(String text) {
    return CallToolResult.builder().addTextContent(text).isError(false).build();
  }
}
