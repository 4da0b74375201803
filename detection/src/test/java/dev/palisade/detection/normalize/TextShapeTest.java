package dev.palisade.detection.normalize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextShapeTest {

  private static TextShape shape(String text) {
    return TextShape.of(text.toCharArray(), text.length());
  }

  @Test
  void countsDigitsAndClustersIncludingOneAtTheStart() {
    TextShape shape = shape("4111 1111, ip 10.0.0.1, call 415-555-2671 or 7");
    assertEquals(24, shape.digits());
    assertArrayEquals(new int[] {0, 8, 14, 5, 29, 10, 45, 1}, shape.digitClusters());
  }

  @Test
  void keepsOnlyClustersLongEnoughForANumericRule() {
    String text = "17 degrees, 12 km/h, call 415-555-2671";
    TextShape shape = TextShape.of(text.toCharArray(), text.length(), 3);
    assertEquals(14, shape.digits(), "every digit still counts");
    assertArrayEquals(new int[] {26, 10}, shape.digitClusters());
  }

  /** The keyword walk skips its table of literals in other scripts on ASCII text: plain punctuation outside ASCII must still count. */
  @Test
  void tellsWhetherAnyCharacterIsBeyondAscii() {
    assertFalse(shape("plain ASCII text, 42 digits & ~symbols\u007f").beyondAscii());
    assertTrue(shape("it\u2019s").beyondAscii(), "a curly apostrophe");
    assertTrue(shape("\u5ffd\u7565").beyondAscii());
    assertTrue(shape("zero\u200bwidth").beyondAscii());
    assertTrue(shape("ends with \u00e9").beyondAscii());
  }

  @Test
  void findsLetterSpacingOnlyWithFourSingleLettersOneSpacerApart() {
    assertTrue(shape("please i g n o r e this").mayBeLetterSpaced());
    assertTrue(shape("p.a.s.s").mayBeLetterSpaced());
    assertFalse(shape("a b c").mayBeLetterSpaced(), "three single letters");
    assertFalse(shape("I am a b-tree and x y").mayBeLetterSpaced());
    assertFalse(shape("a  b  c  d").mayBeLetterSpaced(), "two spaces apart: not letter spacing for the normaliser");
  }

  @Test
  void notesEscapesRunsAndFoldableCharacters() {
    TextShape plain = shape("list the files in a directory");
    assertFalse(plain.mayHaveEscapes());
    assertFalse(plain.hasLongRuns());
    assertFalse(plain.mayFold());

    TextShape encoded = shape("x %41%42 y aWdub3JlIGFsbCBwcmV2aW91cw== z");
    assertTrue(encoded.mayHaveEscapes());
    assertArrayEquals(new int[] {2, 5}, encoded.escapeStarts());
    assertArrayEquals(new int[] {11}, encoded.longRunStarts());

    assertTrue(shape("\uFF49\uFF47\uFF4E\uFF4F\uFF52\uFF45").mayFold(), "full-width letters");
    assertTrue(shape("zero\u200Bwidth").mayFold());
    assertTrue(shape("\u24D8\u24D6\u24DD\u24DE\u24E1\u24D4").mayFold(), "circled letters are symbols that fold to ASCII");
    assertFalse(shape("a dash \u2014 and \u201Cquotes\u201D").mayFold(), "typographic punctuation needs no normalised view");
  }

  /** The shape may skip the normaliser's exact check only for punctuation whose fold really spells nothing. */
  @Test
  void everyPunctuationCharacterTheNormaliserCaresAboutIsFlagged() {
    TextNormalizer normalizer = new TextNormalizer();
    StringBuilder missed = new StringBuilder();
    for (char c = 0x80; c < Character.MAX_VALUE; c++) {
      if (normalizer.matters(c) && !shape("x" + c + "x").mayFold()) {
        missed.append(String.format("U+%04X ", (int) c));
      }
    }
    assertEquals("", missed.toString(), "add these to TextShape.PUNCTUATION_THAT_FOLDS");
  }

  @Test
  void aRunIsNotedOnceWhereItStartsWhereverItIs() {
    String run = "QUJDREVGR0hJSktM"; // sixteen base64 characters
    assertArrayEquals(new int[] {0}, shape(run).longRunStarts(), "at the start of the text, ending at its end");
    assertFalse(shape(run.substring(1)).hasLongRuns(), "fifteen");
    assertArrayEquals(new int[] {3, 26}, shape("is " + run + run.substring(0, 4) + " + " + run + ".").longRunStarts());
    assertTrue(shape("ends spaced: i g n o r e").mayBeLetterSpaced(), "letter spacing that ends the text");
  }

  /** The one-history pass must say what a plain reading of the text says, on text dense in what it looks for. */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5})
  void agreesWithAPlainReadingOfRandomText(int seed) {
    Random random = new Random(seed);
    String alphabet = "abcXYZ0123456789 .-_%&\\+/=\u00e9\u2014\u24d8";
    for (int length : new int[] {1, 9, 16, 17, 200, 5000}) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < length; i++) {
        // runs of one kind at a time, so that spaced letters and long runs both turn up
        text.append(random.nextInt(3) == 0 ? alphabet.charAt(random.nextInt(alphabet.length())) : (i % 2 == 0 ? 'a' : ' '));
        if (random.nextInt(50) == 0) {
          text.append("QUJDREVGR0hJSktMTU5P".substring(random.nextInt(6)));
        }
      }
      char[] chars = text.toString().toCharArray();
      TextShape shape = TextShape.of(chars, chars.length, 3);
      assertArrayEquals(plainRunStarts(chars), shape.longRunStarts(), "runs in " + text);
      assertEquals(plainLetterSpaced(chars), shape.mayBeLetterSpaced(), "letter spacing in " + text);
      assertEquals(text.chars().anyMatch(c -> c >= 0x80), shape.beyondAscii());
    }
  }

  private static int[] plainRunStarts(char[] chars) {
    List<Integer> starts = new ArrayList<>();
    int run = 0;
    for (int i = 0; i < chars.length; i++) {
      run = PayloadDecoder.base64Char(chars[i]) ? run + 1 : 0;
      if (run == TextShape.MIN_RUN) {
        starts.add(i + 1 - TextShape.MIN_RUN);
      }
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }

  /** A non-letter (or the edge), then letter and spacer three times, a letter, a non-letter (or the edge). */
  private static boolean plainLetterSpaced(char[] chars) {
    for (int i = 0; i + 7 <= chars.length; i++) {
      boolean spaced = i == 0 || !TextNormalizer.isAsciiLetter(chars[i - 1]);
      for (int k = 0; k < 7 && spaced; k++) {
        spaced = k % 2 == 0 ? TextNormalizer.isAsciiLetter(chars[i + k]) : TextNormalizer.isSpacer(chars[i + k]);
      }
      if (spaced && (i + 7 == chars.length || !TextNormalizer.isAsciiLetter(chars[i + 7]))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void stopsKeepingPositionsPastItsBound() {
    String many = "%".repeat(5000);
    assertTrue(shape(many).mayHaveEscapes());
    assertNull(shape(many).escapeStarts(), "the decoder then looks everywhere itself");
  }
}
