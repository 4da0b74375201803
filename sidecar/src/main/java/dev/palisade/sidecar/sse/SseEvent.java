package dev.palisade.sidecar.sse;

/**
 * One complete server-sent event as it appeared on the wire.
 *
 * @param raw every byte of the event, including its terminating blank line, for byte-for-byte pass-through
 * @param type the {@code event} field, or {@code null} (which means {@code message})
 * @param data the {@code data} lines joined by LF, or {@code null} when the event had no data field
 * @param id the {@code id} field, or {@code null}
 */
public record SseEvent(byte[] raw, String type, byte[] data, String id) {

  /** Whether an EventSource client would dispatch this event (it has data). */
  public boolean dispatched() {
    return data != null;
  }

  /** The event type a client sees. */
  public String effectiveType() {
    return type == null || type.isEmpty() ? "message" : type;
  }
}
