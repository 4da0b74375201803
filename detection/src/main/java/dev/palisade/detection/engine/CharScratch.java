package dev.palisade.detection.engine;

/** A per-thread array the passes over a text read from, so they index an array rather than call String.charAt. */
final class CharScratch {
  /** Arrays larger than this are used once and dropped rather than kept per thread. */
  private static final int MAX_RETAINED = 1 << 20;
  private static final ThreadLocal<char[]> BUFFER = ThreadLocal.withInitial(() -> new char[4096]);

  private CharScratch() {}

  /** The characters of {@code text} at the start of an array valid until this thread's next call. */
  static char[] of(String text) {
    int n = text.length();
    char[] buffer = BUFFER.get();
    if (buffer.length < n) {
      buffer = new char[Math.max(n, buffer.length * 2)];
      if (buffer.length <= MAX_RETAINED) {
        BUFFER.set(buffer);
      }
    }
    text.getChars(0, n, buffer, 0);
    return buffer;
  }
}
