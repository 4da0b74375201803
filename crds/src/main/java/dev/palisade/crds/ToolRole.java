package dev.palisade.crds;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a tool is in a data flow. */
public enum ToolRole {
  @JsonProperty("private-data")
  PRIVATE_DATA,
  @JsonProperty("untrusted-content")
  UNTRUSTED_CONTENT,
  @JsonProperty("external-sink")
  EXTERNAL_SINK;

  /** The name used in documents and reports. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
