package dev.palisade.policy;

import dev.palisade.inspection.Action;
import java.util.List;

/**
 * One policy document: the spec of an {@code McpPolicy} resource, or a standalone YAML file of the
 * same schema.
 */
public record McpPolicy(
    String name,
    LabelSelector selector,
    PolicyMode mode,
    Action defaultAction,
    List<PolicyRule> rules,
    List<ToolAccessRule> toolAccess,
    List<RateLimit> rateLimits,
    List<SequenceRule> sequences,
    List<ToolRoleOverride> toolRoles) {

  public McpPolicy {
    rules = List.copyOf(rules);
    toolAccess = List.copyOf(toolAccess);
    rateLimits = List.copyOf(rateLimits);
    sequences = List.copyOf(sequences);
    toolRoles = List.copyOf(toolRoles);
  }

  public boolean enforced() {
    return mode == PolicyMode.ENFORCE;
  }
}
