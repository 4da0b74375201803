package dev.palisade.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GlobTest {
  @Test
  void matchesEachShape() {
    assertTrue(Glob.of("*").matches(""));
    assertTrue(Glob.of("**").matches("anything"));
    assertTrue(Glob.of("read_file").matches("read_file"));
    assertFalse(Glob.of("read_file").matches("read_file2"));
    assertTrue(Glob.of("read_*").matches("read_"));
    assertFalse(Glob.of("read_*").matches("xread_file"));
    assertTrue(Glob.of("*_file").matches("write_file"));
    assertFalse(Glob.of("*_file").matches("write_files"));
    assertTrue(Glob.of("*secret*").matches("secret"));
    assertFalse(Glob.of("*secret*").matches("secre"));
    assertTrue(Glob.of("a*b").matches("a-b"));
    assertFalse(Glob.of("a*b").matches("a-bc"));
    assertTrue(Glob.of("f?le").matches("file"));
    assertFalse(Glob.of("f?le").matches("fle"));
    assertFalse(Glob.of("*").matches(null));
  }

  /** The plain-string shortcuts must answer exactly as the regex every glob could be. */
  @Test
  void agreesWithTheRegexOfThePatternOnRandomInput() {
    Random random = new Random(42);
    String alphabet = "ab*?.";
    for (int i = 0; i < 20_000; i++) {
      String pattern = random(random, alphabet, 1 + random.nextInt(5));
      String value = random(random, "ab.*?", random.nextInt(7));
      assertEquals(reference(pattern, value), Glob.of(pattern).matches(value), "pattern " + pattern + " value " + value);
    }
  }

  private static boolean reference(String glob, String value) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : java.util.regex.Pattern.quote(String.valueOf(c)));
    }
    return java.util.regex.Pattern.compile(regex.toString(), java.util.regex.Pattern.DOTALL).matcher(value).matches();
  }

  private static String random(Random random, String alphabet, int length) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }
}
