package dev.palisade.crds;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a policy does with a message, weakest first. */
public enum PolicyAction {
  @JsonProperty("allow")
  ALLOW,
  @JsonProperty("alert")
  ALERT,
  @JsonProperty("redact")
  REDACT,
  @JsonProperty("block")
  BLOCK;

  /** The name used in documents and reports. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
