package dev.palisade.policy;

import java.util.List;
import java.util.Map;

/** A Kubernetes label selector over McpServer labels; an empty selector selects every server. */
public record LabelSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {
  public static final LabelSelector EVERYTHING = new LabelSelector(Map.of(), List.of());

  public LabelSelector {
    matchLabels = Map.copyOf(matchLabels);
    matchExpressions = List.copyOf(matchExpressions);
  }

  public record Requirement(String key, Operator operator, List<String> values) {}

  public enum Operator {
    IN,
    NOT_IN,
    EXISTS,
    DOES_NOT_EXIST
  }

  public boolean matches(Map<String, String> labels) {
    for (Map.Entry<String, String> label : matchLabels.entrySet()) {
      if (!label.getValue().equals(labels.get(label.getKey()))) {
        return false;
      }
    }
    for (Requirement requirement : matchExpressions) {
      String value = labels.get(requirement.key());
      boolean holds = switch (requirement.operator()) {
        case IN -> value != null && requirement.values().contains(value);
        case NOT_IN -> value == null || !requirement.values().contains(value);
        case EXISTS -> value != null;
        case DOES_NOT_EXIST -> value == null;
      };
      if (!holds) {
        return false;
      }
    }
    return true;
  }
}
