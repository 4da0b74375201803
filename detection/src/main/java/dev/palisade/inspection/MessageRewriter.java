package dev.palisade.inspection;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.mcp.JsonRpcCodec;
import dev.palisade.mcp.JsonRpcMessage;
import dev.palisade.mcp.ToolListing;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Applies a verdict to a message. A block of a tool definition inside a listing withholds that tool;
 * any other block blocks the whole message. Redactions mask their spans in a copy of the message,
 * so the original stays untouched. A redaction that cannot be located blocks instead (fail closed).
 */
final class MessageRewriter {

  InspectionOutcome apply(Exchange exchange, JsonRpcMessage message, Verdict verdict) {
    if (verdict.decisions().isEmpty()) {
      return new InspectionOutcome(Action.ALLOW, message, false, verdict, null);
    }
    boolean listing = ToolListing.tools(exchange.method(), message) != null;
    TreeSet<Integer> withheld = new TreeSet<>(Comparator.reverseOrder());
    Map<String, List<Finding>> redactions = new LinkedHashMap<>();
    for (Decision decision : verdict.decisions()) {
      Finding finding = decision.finding();
      switch (decision.effectiveAction()) {
        case BLOCK -> {
          int tool = listing ? ToolListing.toolIndex(finding.pointer()) : -1;
          if (tool < 0) {
            return blocked(message, verdict, decision);
          }
          withheld.add(tool);
        }
        case REDACT -> {
          if (!finding.hasSpan()) {
            return blocked(message, verdict, decision);
          }
          redactions.computeIfAbsent(finding.pointer(), p -> new ArrayList<>()).add(finding);
        }
        default -> {
          // allow and alert leave the message as it is
        }
      }
    }
    if (withheld.isEmpty() && redactions.isEmpty()) {
      return new InspectionOutcome(verdict.action(), message, false, verdict, null);
    }
    ObjectNode copy = message.json().deepCopy();
    for (Map.Entry<String, List<Finding>> entry : redactions.entrySet()) {
      if (!maskSpans(copy, entry.getKey(), entry.getValue())) {
        return blocked(message, verdict, verdict.decisions().get(0));
      }
    }
    if (!withheld.isEmpty()) {
      ArrayNode tools = (ArrayNode) copy.at(ToolListing.TOOLS_POINTER);
      withheld.forEach(index -> {
        if (index < tools.size()) {
          tools.remove(index.intValue());
        }
      });
    }
    return new InspectionOutcome(Action.REDACT, JsonRpcCodec.classify(copy), true, verdict, null);
  }

  private static InspectionOutcome blocked(JsonRpcMessage message, Verdict verdict, Decision decision) {
    Finding finding = decision.finding();
    String reason = "blocked by policy " + decision.policy() + ": " + finding.category().wireName() + "/"
        + finding.type() + " (rule " + finding.rule() + ")";
    return new InspectionOutcome(Action.BLOCK, message, false, verdict, reason);
  }

  /** Masks the spans of one string value; false when the pointer does not name a string. */
  private static boolean maskSpans(ObjectNode root, String pointer, List<Finding> findings) {
    JsonPointer path = JsonPointer.compile(pointer);
    JsonNode parent = root.at(path.head());
    JsonNode value = root.at(path);
    if (!value.isTextual()) {
      return false;
    }
    String text = value.textValue();
    StringBuilder masked = new StringBuilder(text.length());
    int cursor = 0;
    List<Finding> ordered = new ArrayList<>(findings);
    ordered.sort(Comparator.comparingInt(Finding::start).thenComparing(Comparator.comparingInt(Finding::end).reversed()));
    for (Finding finding : ordered) {
      int end = Math.min(finding.end(), text.length());
      if (finding.start() < cursor) {
        cursor = Math.max(cursor, end); // overlaps the previous mask: widen it, do not mask twice
        continue;
      }
      if (end <= finding.start()) {
        continue;
      }
      masked.append(text, cursor, finding.start()).append("[REDACTED:").append(finding.type()).append(']');
      cursor = end;
    }
    masked.append(text, cursor, text.length());
    String property = path.last().getMatchingProperty();
    if (parent instanceof ObjectNode object) {
      object.put(property, masked.toString());
      return true;
    }
    if (parent instanceof ArrayNode array) {
      array.set(path.last().getMatchingIndex(), array.textNode(masked.toString()));
      return true;
    }
    return false;
  }
}
