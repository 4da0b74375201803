package dev.palisade.policy;

/**
 * Which tools the agents it selects may see and call. With an allow-list, only listed tools are
 * visible; a deny-list removes tools; a tool denied is withheld from listings and its calls blocked.
 */
public record ToolAccessRule(GlobSet principals, GlobSet agents, GlobSet allow, GlobSet deny) {

  public boolean selects(String principal, String agent) {
    return principals.matches(principal) && agents.matches(agent);
  }

  public boolean permits(String tool) {
    return (allow.isAny() || allow.matches(tool)) && (deny.isAny() || !deny.matches(tool));
  }
}
