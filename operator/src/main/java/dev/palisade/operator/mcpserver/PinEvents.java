package dev.palisade.operator.mcpserver;

import dev.palisade.crds.ToolApproval;
import dev.palisade.crds.mcpserver.McpServer;
import dev.palisade.crds.mcpserver.McpServerSpec;
import dev.palisade.crds.mcpserver.McpServerStatus;
import dev.palisade.operator.events.ServerEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The events one reconcile owes people about pins, from the status before and after: a pin approved
 * by trust on first use, a tool whose observed definition no longer matches its pin (a possible rug
 * pull), a new tool waiting for an administrator. Comparing with the previous status keeps them to
 * one event per change, across reconciles and operator restarts.
 */
final class PinEvents {
  private PinEvents() {}

  static List<ServerEvent> of(McpServer server, List<McpServerStatus.ObservedTool> before,
      List<McpServerStatus.ObservedTool> after, List<McpServerSpec.ApprovedPin> approvedNow) {
    String namespace = server.getMetadata().getNamespace();
    String name = server.getMetadata().getName();
    String uid = server.getMetadata().getUid();
    List<ServerEvent> events = new ArrayList<>();
    for (McpServerSpec.ApprovedPin pin : approvedNow) {
      events.add(new ServerEvent(namespace, name, uid, ServerEvent.Type.NORMAL, "ToolPinApproved",
          "tool " + pin.tool() + " pinned at " + shortHash(pin.hash()) + " (trust on first use)"));
    }
    Map<String, McpServerStatus.ObservedTool> previous = new HashMap<>();
    if (before != null) {
      before.forEach(t -> previous.put(t.name(), t));
    }
    for (McpServerStatus.ObservedTool tool : after) {
      McpServerStatus.ObservedTool was = previous.get(tool.name());
      boolean sameAsBefore = was != null && was.approval() == tool.approval()
          && java.util.Objects.equals(was.hash(), tool.hash());
      if (sameAsBefore) {
        continue;
      }
      if (tool.approval() == ToolApproval.CHANGED) {
        events.add(new ServerEvent(namespace, name, uid, ServerEvent.Type.WARNING, "ToolDefinitionChanged",
            "tool " + tool.name() + " now hashes to " + shortHash(tool.hash()) + ", pinned "
                + shortHash(tool.approvedHash()) + ": withheld until approved"));
      } else if (tool.approval() == ToolApproval.PENDING && was == null) {
        events.add(new ServerEvent(namespace, name, uid, ServerEvent.Type.NORMAL, "ToolAwaitingApproval",
            "new tool " + tool.name() + " (" + shortHash(tool.hash()) + ") awaits approval"));
      }
    }
    return events;
  }

  private static String shortHash(String hash) {
    return hash == null ? "-" : hash.substring(0, Math.min(12, hash.length()));
  }
}
