package dev.palisade.policy;

import dev.palisade.inspection.Action;
import java.time.Duration;
import java.util.List;

/**
 * A chain of steps in one session that is harmful as a whole; the action applies to the message
 * that completes it, when all steps happened in order within {@code withinCalls} messages and
 * {@code withinTime}.
 */
public record SequenceRule(String name, List<SequenceStep> steps, int withinCalls, Duration withinTime, Action action) {
  public SequenceRule {
    steps = List.copyOf(steps);
  }
}
