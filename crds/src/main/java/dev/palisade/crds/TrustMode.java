package dev.palisade.crds;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How tool pins are approved: only administrator-approved hashes, the first hash seen, or record only. */
public enum TrustMode {
  @JsonProperty("pinned")
  PINNED,
  @JsonProperty("trust-on-first-use")
  TRUST_ON_FIRST_USE,
  @JsonProperty("observe")
  OBSERVE;

  /** The name used in documents and reports. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
