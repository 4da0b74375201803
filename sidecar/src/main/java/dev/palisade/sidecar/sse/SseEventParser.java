package dev.palisade.sidecar.sse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Incremental parser for a {@code text/event-stream} body (WHATWG HTML, "server-sent events"). Bytes
 * arrive in arbitrary chunks; each complete event is returned as soon as its blank line arrives, so
 * nothing waits for the end of the stream. Lines may end in CRLF, LF or CR, also split across chunks.
 *
 * <p>One event may hold at most {@code maxEventBytes}; past that {@link #overflowed()} turns true and
 * the parser accepts nothing more: the caller ends the stream, it never forwards the unscanned rest.
 */
public final class SseEventParser {
  private static final byte CR = '\r';
  private static final byte LF = '\n';

  private final int maxEventBytes;
  private byte[] event = new byte[256];
  private int eventLength;
  private int lineStart;
  private boolean afterCr;
  private boolean overflowed;
  private boolean streamStart = true;

  // fields of the event being read
  private String type;
  private String id;
  private ByteArrayOutputStream data;

  public SseEventParser(int maxEventBytes) {
    this.maxEventBytes = maxEventBytes;
  }

  /** Parses a chunk and returns the events it completed, in order. */
  public List<SseEvent> feed(byte[] chunk) {
    return feed(chunk, 0, chunk.length);
  }

  public List<SseEvent> feed(byte[] chunk, int offset, int length) {
    if (overflowed) {
      return List.of();
    }
    List<SseEvent> completed = null;
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      byte b = chunk[i];
      if (b != LF && b != CR) {
        // Copy the rest of the line in one go: a byte-at-a-time append made framing a 64 KiB event
        // cost about twice as much as parsing its JSON.
        afterCr = false;
        int lineEnd = ByteScan.lineBreak(chunk, i + 1, end);
        if (!appendRun(chunk, i, lineEnd - i)) {
          return completedOrEmpty(completed);
        }
        i = lineEnd - 1;
        continue;
      }
      if (afterCr && b == LF) {
        // second half of a CRLF: belongs to the line already ended
        afterCr = false;
        if (!append(b)) {
          return completedOrEmpty(completed);
        }
        lineStart = eventLength;
        continue;
      }
      afterCr = false;
      if (!append(b)) {
        return completedOrEmpty(completed);
      }
      if (b == LF || b == CR) {
        afterCr = b == CR;
        int lineEnd = eventLength - 1;
        boolean blank = lineEnd == lineStart;
        if (!blank) {
          field(lineStart, lineEnd);
          lineStart = eventLength;
        } else if (b == CR && i + 1 < end && chunk[i + 1] == LF) {
          // keep the LF of a CRLF blank line inside this event's raw bytes
          i++;
          afterCr = false;
          if (!append(LF)) {
            return completedOrEmpty(completed);
          }
          completed = add(completed, dispatch());
        } else {
          completed = add(completed, dispatch());
        }
      }
    }
    return completedOrEmpty(completed);
  }

  /** Whether bytes of an unfinished event are buffered (the stream ended mid-event if it ends now). */
  public boolean hasPartialEvent() {
    return eventLength > 0 && !onlyTrailingLf();
  }

  public boolean overflowed() {
    return overflowed;
  }

  private boolean onlyTrailingLf() {
    // a CRLF blank line split across chunks leaves a lone LF, which is not an event
    return eventLength == 1 && event[0] == LF;
  }

  private boolean appendRun(byte[] bytes, int from, int count) {
    if (count > maxEventBytes - eventLength) {
      overflowed = true;
      return false;
    }
    if (eventLength + count > event.length) {
      event = Arrays.copyOf(event, Math.min(maxEventBytes, Math.max(event.length * 2, eventLength + count)));
    }
    System.arraycopy(bytes, from, event, eventLength, count);
    eventLength += count;
    return true;
  }

  private boolean append(byte b) {
    if (eventLength >= maxEventBytes) {
      overflowed = true;
      return false;
    }
    if (eventLength == event.length) {
      event = Arrays.copyOf(event, Math.min(maxEventBytes, event.length * 2));
    }
    event[eventLength++] = b;
    return true;
  }

  private void field(int from, int end) {
    int start = from;
    if (streamStart && end - start >= 3 && (event[start] & 0xff) == 0xEF && (event[start + 1] & 0xff) == 0xBB
        && (event[start + 2] & 0xff) == 0xBF) {
      start += 3; // a UTF-8 byte order mark may open the stream
    }
    streamStart = false;
    if (start == end || event[start] == ':') {
      return; // comment
    }
    int colon = start;
    while (colon < end && event[colon] != ':') {
      colon++;
    }
    String name = new String(event, start, colon - start, StandardCharsets.UTF_8);
    int valueStart = colon < end ? colon + 1 : end;
    if (valueStart < end && event[valueStart] == ' ') {
      valueStart++;
    }
    switch (name) {
      case "data" -> {
        if (data == null) {
          data = new ByteArrayOutputStream(end - valueStart);
        } else {
          data.write(LF);
        }
        data.write(event, valueStart, end - valueStart);
      }
      case "event" -> type = new String(event, valueStart, end - valueStart, StandardCharsets.UTF_8);
      case "id" -> id = new String(event, valueStart, end - valueStart, StandardCharsets.UTF_8);
      default -> {
        // retry and unknown fields pass through in raw bytes
      }
    }
  }

  private SseEvent dispatch() {
    SseEvent complete = new SseEvent(Arrays.copyOf(event, eventLength), type, data == null ? null : data.toByteArray(), id);
    eventLength = 0;
    lineStart = 0;
    type = null;
    id = null;
    data = null;
    if (event.length > 64 * 1024) {
      event = new byte[256]; // do not keep one huge event's buffer for the life of the stream
    }
    return complete;
  }

  private static List<SseEvent> add(List<SseEvent> list, SseEvent event) {
    List<SseEvent> target = list == null ? new ArrayList<>(2) : list;
    target.add(event);
    return target;
  }

  private static List<SseEvent> completedOrEmpty(List<SseEvent> completed) {
    return completed == null ? List.of() : completed;
  }
}
