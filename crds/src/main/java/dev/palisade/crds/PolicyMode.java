package dev.palisade.crds;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether a policy acts or only records what it would have done. */
public enum PolicyMode {
  @JsonProperty("enforce")
  ENFORCE,
  @JsonProperty("monitor")
  MONITOR;

  /** The name used in documents and reports. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
