package dev.palisade.detection.normalize;

import dev.palisade.detection.rules.View;
import java.util.Arrays;

/** Builds a derived view character by character, composing offsets back to the original string. */
final class ViewBuilder {
  private final TextView source;
  private final StringBuilder text;
  private int[] starts;
  private int[] ends;

  ViewBuilder(TextView source, int capacity) {
    this.source = source;
    this.text = new StringBuilder(capacity);
    this.starts = new int[Math.max(16, capacity)];
    this.ends = new int[Math.max(16, capacity)];
  }

  /** Appends {@code c}, which came from {@code [from, to)} of the source view. */
  void append(char c, int from, int to) {
    if (text.length() == starts.length) {
      starts = Arrays.copyOf(starts, starts.length * 2);
      ends = Arrays.copyOf(ends, ends.length * 2);
    }
    int i = text.length();
    starts[i] = source.originalStart(from);
    ends[i] = source.originalEnd(from, to);
    text.append(c);
  }

  void append(CharSequence chars, int from, int to) {
    for (int i = 0; i < chars.length(); i++) {
      append(chars.charAt(i), from, to);
    }
  }

  int length() {
    return text.length();
  }

  char charAt(int i) {
    return text.charAt(i);
  }

  TextView build(View kind, int depth) {
    int n = text.length();
    return new TextView(kind, text.toString(), Arrays.copyOf(starts, n), Arrays.copyOf(ends, n), depth);
  }
}
