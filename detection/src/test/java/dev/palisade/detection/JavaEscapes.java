package dev.palisade.detection;

/** Strings as Java literals, so a fuzzer's finding can be pasted into a unit test. */
public final class JavaEscapes {
  private JavaEscapes() {}

  /** {@code text} quoted, with every character outside printable ASCII as a {@code \\uXXXX} escape. */
  public static String of(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
        out.append(c);
      } else {
        out.append(String.format("\\u%04X", (int) c));
      }
    }
    return out.append('"').toString();
  }
}
