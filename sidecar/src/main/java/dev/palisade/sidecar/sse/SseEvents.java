package dev.palisade.sidecar.sse;

import java.nio.charset.StandardCharsets;

/** Writes server-sent events. */
public final class SseEvents {
  private SseEvents() {}

  /**
   * Encodes one event. {@code data} may contain line breaks; each line becomes a {@code data:} field.
   *
   * @param type event type, or {@code null} for the default {@code message}
   * @param id event id to keep for resumption, or {@code null}
   */
  public static byte[] encode(String type, String id, String data) {
    StringBuilder out = new StringBuilder(data.length() + 32);
    if (type != null) {
      out.append("event: ").append(type).append('\n');
    }
    if (id != null) {
      out.append("id: ").append(id).append('\n');
    }
    int start = 0;
    for (int i = 0; i <= data.length(); i++) {
      if (i == data.length() || data.charAt(i) == '\n' || data.charAt(i) == '\r') {
        out.append("data: ").append(data, start, i).append('\n');
        if (i < data.length() && data.charAt(i) == '\r' && i + 1 < data.length() && data.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    out.append('\n');
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}
