package dev.palisade.crds;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where an observed tool stands against its pin. */
public enum ToolApproval {
  @JsonProperty("approved")
  APPROVED,
  @JsonProperty("pending")
  PENDING,
  @JsonProperty("changed")
  CHANGED,
  @JsonProperty("removed")
  REMOVED;

  /** The name used in documents and reports. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
