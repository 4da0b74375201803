package dev.palisade.detection.prefilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeywordAutomatonTest {

  @Test
  void reportsWhereEachLiteralEndsCaseInsensitivelyAndAcrossWhitespaceRuns() {
    KeywordAutomaton automaton = new KeywordAutomaton(List.of(List.of("note to"), List.of("all "), List.of("IGNORE")));
    KeywordAutomaton.Hits hits = automaton.scan("A NOTE \n\t TO all   of it; Ignore");
    assertEquals(List.of(11), positions(hits, 0), "'note to' ends at the O of TO");
    assertEquals(List.of(16), positions(hits, 1), "'all ' is reported once, at the first space of its run");
    assertEquals(List.of(31), positions(hits, 2));
  }

  @Test
  void answersWhetherASlotOccursInARange() {
    KeywordAutomaton.Hits hits = new KeywordAutomaton(List.of(List.of("secret"), List.of("absent"))).scan("xx secret yy secret");
    assertTrue(hits.occursIn(0, 0, 9));
    assertFalse(hits.occursIn(0, 9, 18), "occurrences end at 8 and 18");
    assertTrue(hits.occursIn(0, 18, 19));
    assertFalse(hits.occursIn(1, 0, 19));
  }

  /** A thread's scans share working memory: each must forget the slots the one before it hit. */
  @Test
  void forgetsTheSlotsOfTheScanBefore() {
    KeywordAutomaton automaton = new KeywordAutomaton(List.of(List.of("alpha"), List.of("beta"), List.of("gamma")));
    KeywordAutomaton.Hits first = automaton.scan("alpha beta gamma alpha");
    assertEquals(3, first.slotsHit());
    assertEquals(2, first.count(0));

    KeywordAutomaton.Hits second = automaton.scan("only beta here");
    assertEquals(List.of(false, true, false), List.of(second.hit(0), second.hit(1), second.hit(2)));
    assertEquals(1, second.slotsHit());
    assertEquals(1, second.slotHit(0));
    assertEquals(List.of(8), positions(second, 1));

    KeywordAutomaton.Hits third = automaton.scan("nothing at all");
    assertFalse(third.any());
    assertEquals(0, third.slotsHit());
    assertEquals(0, third.count(1));
  }

  /** Slots that share a literal are answered from one list of its positions; a slot lists each position once. */
  @Test
  void slotsSharingLiteralsEachSeeThemOnce() {
    KeywordAutomaton automaton = new KeywordAutomaton(List.of(List.of("user", "superuser"), List.of("user"), List.of("account")));
    KeywordAutomaton.Hits hits = automaton.scan("the superuser and a user");
    assertEquals(List.of(12, 23), positions(hits, 0)); // "superuser" and its "user" end at 12: once
    assertEquals(List.of(12, 23), positions(hits, 1));
    assertFalse(hits.hit(2));
    assertTrue(hits.occursIn(1, 20, 24));
    assertFalse(hits.occursIn(1, 13, 23));
    assertEquals(2, hits.slotsHit());
  }

  /** Only announced slots are listed as hit; the others are still answered, with their positions. */
  @Test
  void onlyAnnouncedSlotsAreListedAndEveryHitIsStillAnswered() {
    KeywordAutomaton automaton = new KeywordAutomaton(List.of(List.of("user"), List.of("user"), List.of("account"), List.of("user")),
        slot -> slot == 0 || slot == 2);
    KeywordAutomaton.Hits hits = automaton.scan("a user account");
    List<Integer> listed = new ArrayList<>();
    for (int i = 0; i < hits.slotsHit(); i++) {
      listed.add(hits.slotHit(i));
    }
    listed.sort(null);
    assertEquals(List.of(0, 2), listed);
    assertTrue(hits.hit(1));
    assertTrue(hits.hit(3));
    assertEquals(List.of(5), positions(hits, 3));
  }

  /** The table holds 16-bit state numbers: a literal set past that refuses to build instead of wrapping around. */
  @Test
  void refusesMoreStatesThanSixteenBitsNumber() {
    Random random = new Random(7);
    List<String> literals = new ArrayList<>();
    for (int i = 0; i < 8_000; i++) {
      literals.add(randomText(random, "abcdefghijklmnopqrstuvwxyz", 12));
    }
    IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new KeywordAutomaton(List.of(literals)));
    assertTrue(refused.getMessage().contains("16-bit"));
  }

  /**
   * 26 letters, 10 digits, the space and 27 punctuation characters are 64 classes, plus the one for
   * every other character: rows of 128 entries for one class too many. The rarest punctuation then
   * shares a class: rows stay at 64, a literal is also found with its shared character swapped
   * (more hits, never fewer), and everything else is found as before.
   */
  @Test
  void theRarestPunctuationSharesAClassRatherThanDoubleTheRows() {
    String punctuation = "~^|%;`&?!>=<@#$*+[]{}()',.:-";
    List<String> literals = new ArrayList<>(List.of("abcdefghijklmnopqrstuvwxyz", "0123456789", "a b", "q~", "x^y"));
    for (char c : punctuation.toCharArray()) {
      literals.add("k" + c);
    }
    KeywordAutomaton automaton = new KeywordAutomaton(List.of(literals.subList(0, 3), List.of("q~"), List.of("x^y"), literals.subList(5, 32)));
    assertEquals(64, automaton.rowWidth());
    KeywordAutomaton.Hits hits = automaton.scan("q~ q^ x^y x~y k; k% 0123456789 a  b");
    assertEquals(List.of(1, 4), positions(hits, 1), "q~ and, sharing its class, q^");
    assertEquals(List.of(8, 12), positions(hits, 2));
    assertEquals(List.of(15, 18), positions(hits, 3));
    assertEquals(List.of(29, 34), positions(hits, 0));

    literals.add("k\\");
    KeywordAutomaton wider = new KeywordAutomaton(List.of(literals));
    assertEquals(64, wider.rowWidth(), "three classes too many (the dash and the backslash too): four characters share one");
    literals.addAll(List.of("k/", "k_", "k\"", "k\t"));
    assertEquals(128, new KeywordAutomaton(List.of(literals)).rowWidth(), "too many to share");
  }

  /** The interleaved walk of long texts must find exactly what a naive search of the collapsed text finds. */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void agreesWithNaiveSearchOnRandomText(int seed) {
    Random random = new Random(seed);
    String alphabet = "abcAB  \n\t-1";
    List<List<String>> slots = new ArrayList<>();
    for (int slot = 0; slot < 12; slot++) {
      List<String> literals = new ArrayList<>();
      for (int k = 0; k < 1 + random.nextInt(slot % 3 == 0 ? 7 : 3); k++) { // some slots with many literals
        literals.add(randomText(random, "abcab -", 3 + random.nextInt(5)).strip() + (random.nextInt(6) == 0 ? " " : ""));
      }
      slots.add(literals.stream().filter(l -> !l.isBlank()).toList());
    }
    KeywordAutomaton automaton = new KeywordAutomaton(slots);
    for (int length : new int[] {10, 700, 2047, 2048, 5000, 20_011}) {
      String text = randomText(random, alphabet, length);
      KeywordAutomaton.Hits hits = automaton.scan(text);
      for (int slot = 0; slot < slots.size(); slot++) {
        List<Integer> expected = naive(text, slots.get(slot));
        if (expected.size() > KeywordAutomaton.MAX_POSITIONS) {
          assertEquals(-1, hits.count(slot), "slot " + slot + " overflowed");
        } else {
          assertEquals(expected, positions(hits, slot), "slot " + slot + " " + slots.get(slot) + " in text of " + length);
          for (int probe = 0; probe < 20; probe++) {
            int from = random.nextInt(length + 1);
            int to = from + random.nextInt(40);
            boolean inside = expected.stream().anyMatch(p -> p >= from && p < to);
            assertEquals(inside, hits.occursIn(slot, from, to), "slot " + slot + " " + slots.get(slot) + " in [" + from + ", " + to + ")");
          }
        }
      }
    }
  }

  /**
   * Literals with characters outside ASCII have a table of their own, walked only near such
   * characters: in mostly-ASCII text (a few of them across blocks, next to whitespace runs and to
   * ASCII literals) and in text full of them, it must find what the naive search finds.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6})
  void literalsBeyondAsciiAgreeWithNaiveSearch(int seed) {
    Random random = new Random(seed);
    List<List<String>> slots = new ArrayList<>();
    for (int slot = 0; slot < 12; slot++) {
      List<String> literals = new ArrayList<>();
      for (int k = 0; k < 1 + random.nextInt(3); k++) {
        String literal = randomText(random, slot % 2 == 0 ? "abcab -" : "abcé -жЖ指", 2 + random.nextInt(5)).strip();
        if (!literal.isBlank()) {
          literals.add(literal);
        }
      }
      slots.add(literals);
    }
    KeywordAutomaton automaton = new KeywordAutomaton(slots);
    for (int sparsity : new int[] {2, 40, 300}) {
      for (int length : new int[] {10, 127, 128, 129, 700, 2048, 5000, 20_011}) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
          text.append(random.nextInt(sparsity) == 0 ? "éжЖ指".charAt(random.nextInt(4)) : "abcAB  \n\t-".charAt(random.nextInt(10)));
        }
        KeywordAutomaton.Hits hits = automaton.scan(text.toString());
        for (int slot = 0; slot < slots.size(); slot++) {
          List<Integer> expected = naive(text.toString(), slots.get(slot));
          if (expected.size() > KeywordAutomaton.MAX_POSITIONS) {
            assertEquals(-1, hits.count(slot), "slot " + slot + " overflowed");
          } else {
            assertEquals(expected, positions(hits, slot), "slot " + slot + " " + slots.get(slot) + ", 1 in " + sparsity + ", length " + length);
          }
        }
      }
    }
  }

  private static String randomText(Random random, String alphabet, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }

  /** Every end position of every literal in the text with whitespace runs collapsed, mapped back to the text. */
  private static List<Integer> naive(String text, List<String> literals) {
    StringBuilder collapsed = new StringBuilder();
    List<Integer> origin = new ArrayList<>();
    for (int i = 0; i < text.length(); i++) {
      char c = Character.isWhitespace(text.charAt(i)) ? ' ' : Character.toLowerCase(text.charAt(i));
      if (c == ' ' && collapsed.length() > 0 && collapsed.charAt(collapsed.length() - 1) == ' ') {
        continue;
      }
      collapsed.append(c);
      origin.add(i);
    }
    TreeSet<Integer> ends = new TreeSet<>();
    for (String literal : literals) {
      String needle = literal.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
      for (int at = collapsed.indexOf(needle); at >= 0; at = collapsed.indexOf(needle, at + 1)) {
        ends.add(origin.get(at + needle.length() - 1));
      }
    }
    return new ArrayList<>(ends);
  }

  private static List<Integer> positions(KeywordAutomaton.Hits hits, int slot) {
    if (!hits.hit(slot)) {
      return List.of();
    }
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < hits.count(slot); i++) {
      out.add(hits.position(slot, i));
    }
    return out;
  }
}
