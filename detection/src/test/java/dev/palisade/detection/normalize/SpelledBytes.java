package dev.palisade.detection.normalize;

import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/** Text spelled as the space-separated bytes of its UTF-8 form, as token-smuggling payloads write it. */
public final class SpelledBytes {
  private SpelledBytes() {}

  /** Lower-case hex pairs: "ab" -> "61 62". */
  public static String hex(String text) {
    return spelled(text, 16);
  }

  /** Binary octets: "ab" -> "01100001 01100010". */
  public static String binary(String text) {
    return spelled(text, 2);
  }

  private static String spelled(String text, int radix) {
    int width = radix == 16 ? 2 : 8;
    StringJoiner out = new StringJoiner(" ");
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      String digits = Integer.toString(b & 0xFF, radix);
      out.add("0".repeat(width - digits.length()) + digits);
    }
    return out.toString();
  }
}
