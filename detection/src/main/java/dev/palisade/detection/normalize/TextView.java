package dev.palisade.detection.normalize;

import dev.palisade.detection.rules.View;

/**
 * One rendering of a scanned string, with the way back: character {@code i} of {@code text} came
 * from {@code [rawStart[i], rawEnd[i])} of the original string. The raw view maps to itself.
 */
public record TextView(View kind, String text, int[] rawStart, int[] rawEnd, int depth) {

  public static TextView raw(String text) {
    return new TextView(View.RAW, text, null, null, 0);
  }

  /** The span of the original string that {@code [start, end)} of this view came from. */
  public int originalStart(int start) {
    if (rawStart == null) {
      return start;
    }
    return start < rawStart.length ? rawStart[start] : rawEnd.length == 0 ? 0 : rawEnd[rawEnd.length - 1];
  }

  public int originalEnd(int start, int end) {
    if (rawEnd == null) {
      return end;
    }
    if (end <= start) {
      return originalStart(start);
    }
    return rawEnd[end - 1];
  }
}
