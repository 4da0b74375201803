package dev.palisade.policy;

import java.time.Duration;

/**
 * A token bucket: {@code requests} per {@code period}, holding at most {@code burst} tokens, counted
 * per agent, per tool, or per agent and tool, for the calls its selectors match.
 */
public record RateLimit(String name, Scope scope, GlobSet principals, GlobSet tools, GlobSet methods, int requests,
    Duration period, int burst) {

  public enum Scope {
    AGENT,
    TOOL,
    AGENT_TOOL
  }

  public double tokensPerNanosecond() {
    return (double) requests / period.toNanos();
  }
}
