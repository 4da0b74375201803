package dev.palisade.sidecar.transport;

/** MCP protocol revisions, which are ISO dates and so compare as strings. */
public final class ProtocolVersions {
  /** The first stateless revision: routing headers must agree with the body. */
  public static final String STATELESS = "2026-07-28";
  /** The {@code _meta} key that carries the protocol version from 2026-07-28 on. */
  public static final String META_PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";

  private ProtocolVersions() {}

  public static boolean atLeast(String version, String revision) {
    return version != null && version.length() == revision.length() && version.compareTo(revision) >= 0;
  }
}
