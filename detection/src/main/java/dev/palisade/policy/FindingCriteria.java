package dev.palisade.policy;

import dev.palisade.inspection.Category;
import dev.palisade.inspection.Finding;
import dev.palisade.inspection.Severity;
import java.util.Set;

/**
 * Which findings a rule is about. A rule with no criteria is about the message itself (it matches
 * every message its other conditions select, found something or not).
 */
public record FindingCriteria(Set<Category> categories, GlobSet types, Severity minSeverity) {
  public static final FindingCriteria NONE = new FindingCriteria(Set.of(), GlobSet.ANY, null);

  public FindingCriteria {
    categories = Set.copyOf(categories);
  }

  public boolean isEmpty() {
    return categories.isEmpty() && types.isAny() && minSeverity == null;
  }

  public boolean matches(Finding finding) {
    return (categories.isEmpty() || categories.contains(finding.category()))
        && types.matches(finding.type())
        && (minSeverity == null || finding.severity().atLeast(minSeverity));
  }
}
