package dev.palisade.crds;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which way a message travels; {@code both} matches either. */
public enum Direction {
  @JsonProperty("request")
  REQUEST,
  @JsonProperty("response")
  RESPONSE,
  @JsonProperty("both")
  BOTH;

  /** The name used in documents and reports. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
