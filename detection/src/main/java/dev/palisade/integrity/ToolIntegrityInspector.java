package dev.palisade.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.palisade.inspection.Action;
import dev.palisade.inspection.Category;
import dev.palisade.inspection.Decision;
import dev.palisade.inspection.Direction;
import dev.palisade.inspection.Evidence;
import dev.palisade.inspection.Exchange;
import dev.palisade.inspection.Finding;
import dev.palisade.inspection.Inspector;
import dev.palisade.inspection.Severity;
import dev.palisade.inspection.Verdict;
import dev.palisade.mcp.JsonRpcMessage;
import dev.palisade.mcp.McpMethods;
import dev.palisade.mcp.ToolListing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Guards against rug pulls: hashes every tool definition in a listing, compares it with the pins,
 * withholds tools that changed or were never approved, and refuses calls to withheld tools.
 */
public final class ToolIntegrityInspector implements Inspector {
  public static final String RULE = "integrity.tool-pin";
  public static final String POLICY = "builtin-default";

  private final PinRegistry pins;
  private final ToolDefinitionHasher hasher;
  private final Predicate<String> monitorOnly;

  public ToolIntegrityInspector(PinRegistry pins, ToolDefinitionHasher hasher) {
    this(pins, hasher, server -> false);
  }

  /**
   * @param monitorOnly whether a server's policies only monitor; its integrity decisions are then
   *     recorded but not applied, like every other decision
   */
  public ToolIntegrityInspector(PinRegistry pins, ToolDefinitionHasher hasher, Predicate<String> monitorOnly) {
    this.pins = pins;
    this.hasher = hasher;
    this.monitorOnly = monitorOnly;
  }

  @Override
  public Verdict inspect(Exchange exchange, JsonRpcMessage message) {
    if (exchange.direction() == Direction.REQUEST && message instanceof JsonRpcMessage.Request request
        && McpMethods.TOOLS_CALL.equals(request.method())) {
      return inspectCall(exchange, request);
    }
    ArrayNode tools = exchange.direction() == Direction.RESPONSE ? ToolListing.tools(exchange.method(), message) : null;
    return tools == null ? Verdict.allow() : inspectListing(exchange, (JsonRpcMessage.Result) message, tools);
  }

  private Verdict inspectCall(Exchange exchange, JsonRpcMessage.Request request) {
    String tool = request.params().path("name").asText(null);
    if (tool == null || !pins.withheld(exchange.server(), tool)) {
      return Verdict.allow();
    }
    Finding finding = Finding.ofMessage(Category.INTEGRITY, "tool_withheld", Severity.HIGH, RULE, tool,
        new Evidence("call to a tool whose definition is not approved", ""));
    return Verdict.of(new Decision(finding, Action.BLOCK, POLICY, "withhold-unapproved-tools",
        !monitorOnly.test(exchange.server())));
  }

  private Verdict inspectListing(Exchange exchange, JsonRpcMessage.Result result, ArrayNode tools) {
    Map<String, String> hashes = new LinkedHashMap<>();
    Map<String, Integer> lastIndex = new HashMap<>();
    Set<String> duplicates = new HashSet<>();
    for (int i = 0; i < tools.size(); i++) {
      JsonNode tool = tools.get(i);
      String name = tool.path("name").asText("");
      if (hashes.containsKey(name)) {
        duplicates.add(name);
      }
      hashes.put(name, hasher.hash(tool));
      lastIndex.put(name, i);
    }
    List<PinEvent> events = pins.observeListing(exchange.server(), hashes, duplicates, ToolListing.isComplete(result));
    boolean enforced = !monitorOnly.test(exchange.server());
    List<Decision> decisions = new ArrayList<>();
    for (PinEvent event : events) {
      Decision decision = decide(event, lastIndex.get(event.tool()), enforced);
      if (decision != null) {
        decisions.add(decision);
      }
    }
    if (!duplicates.isEmpty()) {
      // Every copy of a duplicated name goes, not just the last one: which one the agent would use is unknowable.
      for (int i = 0; i < tools.size(); i++) {
        String name = tools.get(i).path("name").asText("");
        if (duplicates.contains(name) && lastIndex.get(name) != i) {
          decisions.add(decision(PinEvent.Kind.DUPLICATE, name, i, Severity.HIGH, Action.BLOCK, null, null, enforced));
        }
      }
    }
    return new Verdict(decisions);
  }

  private Decision decide(PinEvent event, Integer index, boolean enforced) {
    return switch (event.kind()) {
      case UNCHANGED, BASELINE -> null;
      case ADDED -> decision(event.kind(), event.tool(), index, Severity.LOW, Action.ALERT, null, event.observedHash(), enforced);
      case REMOVED -> decision(event.kind(), event.tool(), null, Severity.MEDIUM, Action.ALERT, event.previousHash(), null, enforced);
      case CHANGED, UNAPPROVED, DUPLICATE -> decision(event.kind(), event.tool(), index, Severity.HIGH,
          event.withheld() ? Action.BLOCK : Action.ALERT, event.previousHash(), event.observedHash(), enforced);
    };
  }

  private static Decision decision(PinEvent.Kind kind, String tool, Integer index, Severity severity, Action action,
      String previousHash, String observedHash, boolean enforced) {
    String type = switch (kind) {
      case ADDED -> "tool_added";
      case REMOVED -> "tool_removed";
      case CHANGED -> "tool_changed";
      case UNAPPROVED -> "tool_unapproved";
      default -> "duplicate_tool_name";
    };
    String pointer = index == null ? "" : ToolListing.toolPointer(index);
    Evidence evidence = new Evidence(shortHash(previousHash) + " -> " + shortHash(observedHash),
        observedHash == null ? "" : observedHash);
    Finding finding = new Finding(Category.INTEGRITY, type, severity, RULE, pointer, 0, 0, tool, evidence);
    String rule = action == Action.BLOCK ? "withhold-unapproved-tools" : "report-tool-changes";
    return new Decision(finding, action, POLICY, rule, enforced);
  }

  private static String shortHash(String hash) {
    if (hash == null) {
      return "none";
    }
    return hash.length() > 19 ? hash.substring(0, 19) : hash;
  }
}
