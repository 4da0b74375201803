package dev.palisade.inspection;

import dev.palisade.mcp.JsonRpcMessage;

/**
 * The pipeline's result for one message.
 *
 * @param action the action applied on the wire (monitor-mode decisions count as alerts)
 * @param message the message to pass on: the original one unless {@code rewritten}
 * @param rewritten whether spans were masked or tools withheld, so the message must be re-encoded
 * @param verdict every decision of every inspector, for the audit log
 * @param blockReason why the message was blocked, safe to show the caller; {@code null} unless blocked
 * @param blockedBy the decision that blocked the message, or {@code null} (unless blocked, or when
 *     inspection itself failed)
 */
public record InspectionOutcome(
    Action action, JsonRpcMessage message, boolean rewritten, Verdict verdict, String blockReason, Decision blockedBy) {

  public InspectionOutcome(Action action, JsonRpcMessage message, boolean rewritten, Verdict verdict, String blockReason) {
    this(action, message, rewritten, verdict, blockReason, null);
  }

  public boolean blocked() {
    return action == Action.BLOCK;
  }
}
