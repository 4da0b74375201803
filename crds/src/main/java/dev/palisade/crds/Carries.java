package dev.palisade.crds;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a sequence step must carry from earlier steps. */
public enum Carries {
  @JsonProperty("nothing-required")
  NOTHING_REQUIRED,
  @JsonProperty("tainted")
  TAINTED,
  @JsonProperty("any")
  ANY;

  /** The name used in documents and reports. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
