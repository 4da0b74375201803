package dev.palisade.crds;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How bad a finding is, least first. */
public enum Severity {
  @JsonProperty("info")
  INFO,
  @JsonProperty("low")
  LOW,
  @JsonProperty("medium")
  MEDIUM,
  @JsonProperty("high")
  HIGH,
  @JsonProperty("critical")
  CRITICAL;

  /** The name used in documents and reports. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
