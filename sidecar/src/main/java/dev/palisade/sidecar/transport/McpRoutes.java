package dev.palisade.sidecar.transport;

import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which request paths are MCP endpoints: the configured endpoint (the upstream URL's path) and the
 * message endpoints that 2024-11-05 servers announce on their SSE streams. Bodies POSTed there must
 * be JSON-RPC; other paths (OAuth endpoints, metadata) pass through unless their body is JSON-RPC.
 */
public final class McpRoutes {
  private final String endpoint;
  private final Set<String> legacyMessageEndpoints = ConcurrentHashMap.newKeySet();

  public McpRoutes(URI upstream) {
    String path = upstream.getRawPath();
    this.endpoint = path == null || path.isEmpty() || "/".equals(path) ? null : path;
  }

  public boolean isMcpEndpoint(String path) {
    return path.equals(endpoint) || legacyMessageEndpoints.contains(path);
  }

  public boolean isLegacyMessageEndpoint(String path) {
    return legacyMessageEndpoints.contains(path);
  }

  /** Remembers a message endpoint path announced by an {@code endpoint} event (bounded). */
  public void learnLegacyMessageEndpoint(String path) {
    if (legacyMessageEndpoints.size() < 64) {
      legacyMessageEndpoints.add(path);
    }
  }

  /**
   * The endpoint a client should POST to, relative to the proxy: an absolute URI announced by the
   * server is reduced to its path and query, so the client keeps talking through the proxy.
   * Returns {@code null} when the value is not a usable URI.
   */
  public static String relativeEndpoint(String announced) {
    String value = announced.trim();
    if (value.startsWith("/") && !value.startsWith("//")) {
      return value;
    }
    try {
      URI uri = new URI(value);
      if (!uri.isAbsolute() && uri.getRawAuthority() == null) {
        // relative without a leading slash: keep as is, the client resolves it against the stream URL
        return value;
      }
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }
}
