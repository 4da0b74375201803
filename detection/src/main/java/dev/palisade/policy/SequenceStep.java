package dev.palisade.policy;

import dev.palisade.inspection.Category;
import dev.palisade.inspection.Direction;
import java.util.Set;

/**
 * One step of a multi-step chain: a message in a direction, to or from tools selected by name or
 * role, optionally carrying findings of some categories. {@code carries} on the last step asks that
 * the message carry data the session was tainted with ({@code TAINTED}) or anything at all ({@code ANY}).
 */
public record SequenceStep(Direction direction, GlobSet methods, GlobSet tools, Set<ToolRole> roles,
    Set<Category> categories, Carries carries) {

  public enum Carries {
    NOTHING_REQUIRED,
    TAINTED,
    ANY
  }

  public SequenceStep {
    roles = Set.copyOf(roles);
    categories = Set.copyOf(categories);
  }
}
