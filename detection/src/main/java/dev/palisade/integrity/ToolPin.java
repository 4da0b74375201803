package dev.palisade.integrity;

import java.time.Instant;

/**
 * What is known about one tool of one server.
 *
 * @param tool tool name
 * @param approvedHash the hash allowed to pass, or {@code null} when none was approved yet
 * @param observedHash the hash of the latest listing that showed the tool
 * @param firstSeen when the tool was first listed
 * @param lastSeen when it was last listed
 * @param removed whether the latest complete listing no longer showed it
 */
public record ToolPin(
    String tool, String approvedHash, String observedHash, Instant firstSeen, Instant lastSeen, boolean removed) {

  /** Whether the tool as last observed may be shown and called. */
  public boolean approved() {
    return approvedHash != null && approvedHash.equals(observedHash);
  }

  public ToolPin observed(String hash, Instant now) {
    return new ToolPin(tool, approvedHash, hash, firstSeen, now, false);
  }

  public ToolPin approve(String hash) {
    return new ToolPin(tool, hash, observedHash, firstSeen, lastSeen, removed);
  }

  public ToolPin markRemoved() {
    return new ToolPin(tool, approvedHash, observedHash, firstSeen, lastSeen, true);
  }
}
