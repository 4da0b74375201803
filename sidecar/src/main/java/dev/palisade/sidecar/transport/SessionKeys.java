package dev.palisade.sidecar.transport;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Derives the key that correlates the messages of one agent session, in order of preference: the
 * Streamable HTTP session id, the 2024-11-05 message endpoint (which names its SSE session), the
 * W3C trace id (HTTP header or {@code _meta.traceparent}, for the stateless 2026-07-28 revision).
 * An empty key means the exchange stands alone.
 */
public final class SessionKeys {
  public static final String SESSION_HEADER = "Mcp-Session-Id";

  private SessionKeys() {}

  public static String fromSessionId(String sessionId) {
    return sessionId == null || sessionId.isEmpty() ? "" : "mcp-session:" + sessionId;
  }

  public static String fromLegacyEndpoint(String pathAndQuery) {
    return "legacy:" + pathAndQuery;
  }

  /** The trace id of a {@code traceparent} value ({@code version-traceid-parentid-flags}), or {@code ""}. */
  public static String fromTraceparent(String traceparent) {
    if (traceparent == null) {
      return "";
    }
    String[] parts = traceparent.trim().split("-");
    if (parts.length < 4 || parts[1].length() != 32 || !isLowerHex(parts[1]) || parts[1].chars().allMatch(c -> c == '0')) {
      return "";
    }
    return "trace:" + parts[1];
  }

  /** The trace id carried in a message's {@code params._meta.traceparent}, or {@code ""}. */
  public static String fromMeta(JsonNode message) {
    JsonNode traceparent = message.path("params").path("_meta").path("traceparent");
    return traceparent.isTextual() ? fromTraceparent(traceparent.textValue()) : "";
  }

  private static boolean isLowerHex(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }
}
