package dev.palisade.policy;

import java.util.Set;

/** A policy's say on what some tools are, overriding the built-in taxonomy. */
public record ToolRoleOverride(GlobSet tools, Set<ToolRole> roles) {
  public ToolRoleOverride {
    roles = Set.copyOf(roles);
  }
}
