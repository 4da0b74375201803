package dev.palisade.crds;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The MCP HTTP transport generations a server speaks: stateless Streamable HTTP (2026-07-28), stateful Streamable HTTP (2025-03-26 to 2025-11-25), HTTP+SSE (2024-11-05). */
public enum TransportEra {
  @JsonProperty("stateless")
  STATELESS,
  @JsonProperty("streamable")
  STREAMABLE,
  @JsonProperty("legacy-sse")
  LEGACY_SSE;

  /** The name used in documents and reports. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
