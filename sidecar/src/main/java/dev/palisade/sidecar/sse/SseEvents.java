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

  /**
   * Whether every line of a raw event is a comment or one of the fields the SSE standard defines
   * ({@code data}, {@code event}, {@code id}, {@code retry}) and the bytes are valid UTF-8. Clients
   * ignore anything else, so the proxy drops it rather than pass on bytes it did not scan.
   */
  public static boolean onlyKnownFields(byte[] raw) {
    if (!validUtf8(raw)) {
      return false;
    }
    int start = 0;
    if (raw.length >= 3 && (raw[0] & 0xff) == 0xEF && (raw[1] & 0xff) == 0xBB && (raw[2] & 0xff) == 0xBF) {
      start = 3; // byte order mark at the start of the stream
    }
    while (start <= raw.length) {
      int end = ByteScan.lineBreak(raw, start, raw.length);
      if (end > start && !knownLine(raw, start, end)) {
        return false;
      }
      start = end + 1;
    }
    return true;
  }

  private static boolean knownLine(byte[] raw, int from, int end) {
    if (raw[from] == ':') {
      return true;
    }
    int colon = from;
    while (colon < end && raw[colon] != ':') {
      colon++;
    }
    String name = new String(raw, from, colon - from, StandardCharsets.US_ASCII);
    return name.equals("data") || name.equals("event") || name.equals("id") || name.equals("retry");
  }

  /** Strict UTF-8 (no overlong forms, surrogates or code points past U+10FFFF), without allocating. */
  static boolean validUtf8(byte[] bytes) {
    int i = 0;
    while (i < bytes.length) {
      i = ByteScan.nonAscii(bytes, i, bytes.length);
      if (i == bytes.length) {
        break;
      }
      int b = bytes[i] & 0xff;
      int extra;
      int min;
      if (b >= 0xC2 && b <= 0xDF) {
        extra = 1;
        min = 0x80;
      } else if (b >= 0xE0 && b <= 0xEF) {
        extra = 2;
        min = 0x800;
      } else if (b >= 0xF0 && b <= 0xF4) {
        extra = 3;
        min = 0x10000;
      } else {
        return false;
      }
      if (i + extra >= bytes.length) {
        return false;
      }
      int code = b & (0x3F >> extra);
      for (int k = 1; k <= extra; k++) {
        int c = bytes[i + k] & 0xff;
        if ((c & 0xC0) != 0x80) {
          return false;
        }
        code = (code << 6) | (c & 0x3F);
      }
      if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
        return false;
      }
      i += extra + 1;
    }
    return true;
  }
}
