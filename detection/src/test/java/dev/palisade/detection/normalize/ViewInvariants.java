package dev.palisade.detection.normalize;

import static org.assertj.core.api.Assertions.assertThat;

/** What every derived view must satisfy, whatever the text: each character maps back to a real span of the original. */
final class ViewInvariants {
  private ViewInvariants() {}

  /** Every character of {@code view} came from a non-empty span inside the original string of {@code originalLength}. */
  static void mapsInside(TextView view, int originalLength) {
    String text = view.text();
    assertThat(view.rawStart()).hasSize(text.length());
    assertThat(view.rawEnd()).hasSize(text.length());
    for (int i = 0; i < text.length(); i++) {
      int start = view.rawStart()[i];
      int end = view.rawEnd()[i];
      if (start < 0 || start >= end || end > originalLength) {
        throw new AssertionError("character " + i + " of the " + view.kind() + " view maps to " + start + ".." + end
            + " of a string of " + originalLength);
      }
    }
  }

  /** Views are built left to right: the spans of successive characters never go backwards. */
  static void monotone(TextView view) {
    for (int i = 1; i < view.text().length(); i++) {
      if (view.rawStart()[i] < view.rawStart()[i - 1] || view.rawEnd()[i] < view.rawEnd()[i - 1]) {
        throw new AssertionError("character " + i + " of the " + view.kind() + " view maps before character " + (i - 1));
      }
    }
  }
}
