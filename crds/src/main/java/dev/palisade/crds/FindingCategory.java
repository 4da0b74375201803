package dev.palisade.crds;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The fixed vocabulary of finding categories (SPEC.md). */
public enum FindingCategory {
  @JsonProperty("injection")
  INJECTION,
  @JsonProperty("shadowing")
  SHADOWING,
  @JsonProperty("hidden-text")
  HIDDEN_TEXT,
  @JsonProperty("pii")
  PII,
  @JsonProperty("secret")
  SECRET,
  @JsonProperty("exfiltration")
  EXFILTRATION,
  @JsonProperty("integrity")
  INTEGRITY,
  @JsonProperty("schema")
  SCHEMA,
  @JsonProperty("rate")
  RATE;

  /** The name used in documents and reports. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
