package dev.palisade.integrity;

/**
 * What one listing revealed about one tool.
 *
 * @param tool tool name
 * @param kind what changed
 * @param previousHash the approved hash before this listing, or {@code null}
 * @param observedHash the hash in this listing, or {@code null} for a removed tool
 * @param withheld whether the tool must be kept from the agent
 */
public record PinEvent(String tool, Kind kind, String previousHash, String observedHash, boolean withheld) {

  public enum Kind {
    /** Shown as approved. */
    UNCHANGED,
    /** First listing of the server: pinned as the baseline (trust on first use, observe). */
    BASELINE,
    /** A tool not seen before, after the baseline. */
    ADDED,
    /** A tool whose hash differs from the approved one. */
    CHANGED,
    /** A tool with no approved hash in pinned mode. */
    UNAPPROVED,
    /** A tool a complete listing no longer shows. */
    REMOVED,
    /** A second definition under a name already listed in the same answer. */
    DUPLICATE
  }
}
