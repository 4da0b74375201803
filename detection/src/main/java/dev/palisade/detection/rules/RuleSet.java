package dev.palisade.detection.rules;

import dev.palisade.inspection.Category;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every loaded rule, in load order; the position of a rule is its index in the prefilter. */
public record RuleSet(List<Rule> rules) {
  public RuleSet {
    rules = List.copyOf(rules);
  }

  public int size() {
    return rules.size();
  }

  public Rule get(int index) {
    return rules.get(index);
  }

  public Map<String, Integer> countByCategory() {
    Map<String, Integer> counts = new TreeMap<>();
    for (Rule rule : rules) {
      counts.merge(rule.category().wireName(), 1, Integer::sum);
    }
    return counts;
  }

  public long countOf(Category category) {
    return rules.stream().filter(r -> r.category() == category).count();
  }
}
