package dev.palisade.operator.events;

import dev.palisade.crds.mcpviolation.McpViolationSpec;
import java.util.Optional;

/**
 * When a violation deserves an event: its first occurrence, and when its count crosses 10, 100 and
 * 1000. Everything in between is only a higher count on the McpViolation.
 */
public final class ViolationEvents {
  static final long[] MILESTONES = {10, 100, 1000};

  private ViolationEvents() {}

  /**
   * @param before the count before this report, 0 for a new violation
   * @param spec the violation as stored after this report
   */
  public static Optional<ServerEvent> of(String namespace, String violation, long before, McpViolationSpec spec) {
    long after = spec.count() == null ? before : spec.count();
    String what = spec.action().wireName() + " " + spec.category().wireName() + "/"
        + spec.type() + " by rule " + spec.rule() + " of policy " + spec.policy()
        + (spec.tool() == null ? "" : " on tool " + spec.tool()) + " (McpViolation " + violation + ")";
    if (before == 0) {
      return Optional.of(new ServerEvent(namespace, spec.server(), null, ServerEvent.Type.WARNING, "ViolationFirstSeen",
          "first " + what));
    }
    long crossed = 0;
    for (long milestone : MILESTONES) {
      if (before < milestone && after >= milestone) {
        crossed = milestone;
      }
    }
    if (crossed == 0) {
      return Optional.empty();
    }
    return Optional.of(new ServerEvent(namespace, spec.server(), null, ServerEvent.Type.WARNING, "ViolationRepeated",
        "seen " + after + " times (crossed " + crossed + "): " + what));
  }
}
