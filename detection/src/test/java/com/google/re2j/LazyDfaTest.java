package com.google.re2j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LazyDfaTest {
  private static final String ALPHABET = "ab c_1\n.é—AB";

  /** An 'a' followed by twelve of [ab]: the DFA must remember the last thirteen characters, 2^13 states. */
  private static final Pattern MANY_STATES = Pattern.compile("a[ab]{12}c");

  private static String randomAb(Random random, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(random.nextBoolean() ? 'a' : 'b');
    }
    return text.toString();
  }

  private static boolean may(LazyDfa dfa, String text, int from, int to) {
    return dfa.mayMatch(text.toCharArray(), from, to);
  }

  /** Reads {@code text} in 64-character windows, as the engine hands them over. */
  private static void feed(LazyDfa dfa, String text) {
    for (int from = 0; from + 64 <= text.length(); from += 64) {
      may(dfa, text, from, from + 64);
    }
  }

  @Test
  void aDfaThatOutgrowsItsCapStartsAgainInsteadOfGivingUp() {
    LazyDfa dfa = LazyDfa.of(MANY_STATES);
    feed(dfa, randomAb(new Random(1), 200_000));
    assertThat(dfa.flushes()).isPositive();
    String miss = "xyz xyz, no match here";
    may(dfa, miss, 0, miss.length()); // the call that meets the cap may answer "may match"
    assertThat(may(dfa, miss, 0, miss.length())).isFalse();
  }

  @Test
  void whenAllTogetherReachTheTotalCapEveryDfaStartsAgain() {
    LazyDfa first = LazyDfa.of(MANY_STATES);
    String miss = "nothing to see";
    assertThat(may(first, miss, 0, miss.length())).isFalse();
    int before = first.flushes();
    List<LazyDfa> others = new ArrayList<>();
    Random random = new Random(2);
    for (int i = 0; i < 50; i++) { // 1,600 characters build about 1,500 states: 50 DFAs pass the total cap of 60,000
      LazyDfa other = LazyDfa.of(MANY_STATES);
      feed(other, randomAb(random, 1_600));
      others.add(other);
    }
    assertThat(may(first, miss, 0, miss.length())).isFalse();
    assertThat(first.flushes()).as("the first DFA dropped its states in a new epoch").isGreaterThan(before);
    assertThat(others).allSatisfy(other -> assertThat(other.stateCount()).isLessThanOrEqualTo(2_000));
  }

  @Test
  void neverRulesOutAWindowWhereRe2jFindsAMatchWhateverTheFlushes() {
    LazyDfa dfa = LazyDfa.of(MANY_STATES);
    Random random = new Random(3);
    for (int i = 0; i < 20_000; i++) {
      String text = randomAb(random, 10 + random.nextInt(40)) + (random.nextInt(4) == 0 ? "c" : "") + randomAb(random, 3);
      if (MANY_STATES.matcher(text).find()) {
        assertThat(may(dfa, text, 0, text.length())).as(text).isTrue();
      } else {
        may(dfa, text, 0, text.length());
      }
    }
    assertThat(dfa.flushes()).isPositive();
  }

  /** The DFA must say "may match" exactly when re2j finds a match in the window (it never runs out of states here). */
  @ParameterizedTest
  @ValueSource(strings = {"ab+c", "\\bab\\b", "(?i)^b.*a$", "(?m)^c", "a[^b]{2,4}1", "\\Bb", "é—", "(?:ab|ba)\\s+c\\b", "\\d{2}\\.\\w"})
  void agreesWithRe2jOnRandomWindows(String regex) {
    Pattern pattern = Pattern.compile(regex);
    LazyDfa dfa = LazyDfa.of(pattern);
    Random random = new Random(regex.hashCode());
    for (int round = 0; round < 2_000; round++) {
      char[] text = random(random, 1 + random.nextInt(40));
      int from = random.nextInt(text.length);
      int to = from + random.nextInt(text.length - from + 1);
      boolean expected = pattern.matcher(new String(text, from, to - from)).find();
      assertEquals(expected, dfa.mayMatch(text, from, to), () -> regex + " on [" + new String(text, from, to - from) + "]");
    }
  }

  /**
   * With start zones the DFA must say "may match" exactly when re2j finds a match that starts inside
   * a zone (ASCII text); threads that die outside every zone end the walk early or make it jump.
   */
  @ParameterizedTest
  @ValueSource(strings = {"ab+c", "\\bab\\b", "(?i)^b.*a$", "(?m)^c", "a[^b]{2,4}1", "\\Bb", "(?:ab|ba)\\s+c\\b", "\\d{2}\\.\\w",
      "(?i)\\b(?:ab|b)(?:\\W+\\w+){0,2}\\W+c", "c$", "a*"})
  void withStartZonesAgreesWithRe2jOnMatchesStartingInThem(String regex) {
    Pattern pattern = Pattern.compile(regex);
    LazyDfa dfa = LazyDfa.of(pattern);
    Random random = new Random(regex.hashCode() + 1);
    String alphabet = "ab c_1\n.AB";
    for (int round = 0; round < 3_000; round++) {
      char[] text = new char[1 + random.nextInt(60)];
      for (int i = 0; i < text.length; i++) {
        text[i] = alphabet.charAt(random.nextInt(alphabet.length()));
      }
      int from = random.nextInt(text.length);
      int to = from + random.nextInt(text.length - from + 1);
      int[] zones = new int[8];
      int count = 0;
      for (int at = from; at < to && count < 4; ) {
        int start = at + random.nextInt(to - at);
        int end = Math.min(to, start + 1 + random.nextInt(4));
        zones[2 * count] = start;
        zones[2 * count + 1] = end;
        count++;
        at = end + 1;
      }
      String window = new String(text, from, to - from);
      Matcher matcher = pattern.matcher(window);
      boolean expected = false;
      for (int k = 0; k < count && !expected; k++) {
        expected = matcher.find(zones[2 * k] - from) && matcher.start() < zones[2 * k + 1] - from;
      }
      int zoneCount = count;
      boolean actual = dfa.mayMatch(text, from, to, zones, zoneCount);
      assertEquals(expected, actual, () -> regex + " on [" + window + "] zones " + java.util.Arrays.toString(java.util.Arrays.copyOf(zones, 2 * zoneCount)) + " from " + from);
    }
  }

  /** The table for steps outside start zones costs memory only in DFAs that are given zones. */
  @Test
  void theNoStartTableIsMadeOnlyForZonedWindows() {
    LazyDfa dfa = LazyDfa.of(Pattern.compile("(?i)\\bignore\\s+previous\\b"));
    char[] text = "please ignore previous notes, then ignore the rest".toCharArray();
    assertTrue(dfa.mayMatch(text, 0, text.length));
    long plain = dfa.asciiTableBytes();
    assertThat(plain).isPositive();
    assertTrue(dfa.mayMatch(text, 0, text.length, new int[] {7, 8}, 1));
    assertThat(dfa.asciiTableBytes()).isEqualTo(2 * plain);
    assertThat(dfa.mayMatch(text, 0, text.length, new int[] {35, 36}, 1)).isFalse();
  }

  /** Letters whose case folds cross into or out of ASCII (Kelvin sign, long s, Ohm sign), other scripts, an emoji. */
  private static final String[] WIDE_ALPHABET = {"a", "k", "K", "s", "S", " ", "\u212A", "\u017F", "\u2126", "\u03C9",
      "\u00FC", "\u00DC", "\u00E9", "\u4E2D", "\u6587", "\u0416", "\u0436", "\uD83D\uDE00", "\uD83D", "\u200B", "1", "\n"};

  /** Non-ASCII code points go by class: the DFA must still say "may match" exactly when re2j finds a match. */
  @ParameterizedTest
  @ValueSource(strings = {"(?i)k\\w", "(?i)s+", "(?i)\u03C9", "(?i)[a-z]\u00FC", "[\u00C0-\u00FF]{2}", "\\p{Han}+",
      "[^\\x00-\\x7F]{2}", "\\x{1F600}", "\\bk\\b", "(?i)kelvin|\u0416", "[^a-z\\s]", "\u200B\\S"})
  void agreesWithRe2jOnTextOfManyScripts(String regex) {
    Pattern pattern = Pattern.compile(regex);
    LazyDfa dfa = LazyDfa.of(pattern);
    Random random = new Random(regex.hashCode());
    for (int round = 0; round < 3_000; round++) {
      StringBuilder builder = new StringBuilder();
      for (int i = 1 + random.nextInt(12); i > 0; i--) {
        builder.append(WIDE_ALPHABET[random.nextInt(WIDE_ALPHABET.length)]);
      }
      char[] text = builder.toString().toCharArray();
      int from = random.nextInt(text.length);
      int to = from + random.nextInt(text.length - from + 1);
      boolean expected = pattern.matcher(new String(text, from, to - from)).find();
      assertEquals(expected, dfa.mayMatch(text, from, to), () -> regex + " on [" + new String(text, from, to - from) + "]");
    }
  }

  @Test
  void textInAScriptTheRuleNeverMentionsCostsOneClassNotOneStepPerCodePoint() {
    Pattern pattern = Pattern.compile("(?i)\\b(?:ignore|disregard)\\s+(?:all\\s+)?previous\\b");
    LazyDfa dfa = LazyDfa.of(pattern);
    StringBuilder chinese = new StringBuilder();
    for (int c = 0x4E00; c < 0x4E00 + 4_000; c++) { // 4,000 distinct ideographs
      chinese.append((char) c);
    }
    chinese.append(" ignore previous");
    char[] text = chinese.toString().toCharArray();
    assertTrue(dfa.mayMatch(text, 0, text.length));
    assertThat(dfa.mayMatch(text, 0, 4_000)).isFalse();
    assertThat(dfa.runeClassesSeen()).isEqualTo(1);
    long steps = dfa.stepsComputed();
    char[] more = new char[4_000];
    for (int i = 0; i < more.length; i++) {
      more[i] = (char) (0x6000 + i); // 4,000 ideographs not seen before
    }
    assertThat(dfa.mayMatch(more, 0, more.length)).isFalse();
    assertThat(dfa.stepsComputed()).as("new code points of a known class reuse its transitions").isEqualTo(steps);
  }

  @Test
  void threadsSharingOneDfaAgreeWithRe2j() throws Exception {
    Pattern pattern = Pattern.compile("(?i)\\b(?:ignore|disregard)\\s+(?:all\\s+)?previous\\b");
    LazyDfa dfa = LazyDfa.of(pattern);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int seed = t;
        results.add(pool.submit(() -> {
          Random random = new Random(seed);
          String[] words = {"ignore", "IGNORE", "all", "previous", "disregard", "x", " ", "  ", "\n", "prev"};
          int disagreements = 0;
          for (int round = 0; round < 5_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 8; w++) {
              text.append(words[random.nextInt(words.length)]);
            }
            char[] chars = text.toString().toCharArray();
            if (dfa.mayMatch(chars, 0, chars.length) != pattern.matcher(text).find()) {
              disagreements++;
            }
          }
          return disagreements;
        }));
      }
      for (Future<Integer> result : results) {
        assertEquals(0, result.get());
      }
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
  }

  private static char[] random(Random random, int length) {
    char[] text = new char[length];
    for (int i = 0; i < length; i++) {
      text[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
    }
    return text;
  }
}
