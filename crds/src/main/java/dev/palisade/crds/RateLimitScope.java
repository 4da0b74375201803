package dev.palisade.crds;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a rate limit counts per. */
public enum RateLimitScope {
  @JsonProperty("agent")
  AGENT,
  @JsonProperty("tool")
  TOOL,
  @JsonProperty("agent-tool")
  AGENT_TOOL;

  /** The name used in documents and reports. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
