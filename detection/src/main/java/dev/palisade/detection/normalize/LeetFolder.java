package dev.palisade.detection.normalize;

import java.util.Arrays;

/**
 * Undoes leetspeak ("1gn0r3 4ll pr3v10us 1nstruct10ns"): digits and symbols that stand for letters
 * become those letters, one character for one, so spans map straight back. A text counts as leet
 * when one word has {@link #MIN_DIGITS} look-alikes, one run of them between letters ("pr0mpt",
 * "p4ssw0rd"; not "log10", "win10" or "server@1", whose digits only trail a name); then every word
 * with a look-alike is folded ("th3 syst3m"). Words with other digits (versions, "sha256", "k8s"),
 * only hex letters (hashes, ids) or more look-alikes than letters stay as they are.
 *
 * <p>The view holds only the neighbourhood of the folded words ({@link #REACH} characters on each
 * side, joined by a line break where far apart), so a long text with one leet word costs a short
 * scan, not a second one of the whole text. It is a normalised view: the injection, shadowing and
 * exfiltration rules read it; the secret and PII rules, which need the digits, do not.
 */
public final class LeetFolder {
  /** Look-alikes the word that makes a text leet needs. */
  static final int MIN_DIGITS = 2;
  /** Characters kept on each side of a folded word: past the longest phrase a rule reads across it. */
  static final int REACH = 160;
  private static final int MIN_WORD = 3;
  private static final int MAX_WORD = 24;

  private LeetFolder() {}

  /** The folded neighbourhoods of {@code source}'s leet words, or null when it has none; reads {@code chars[0, n)}. */
  public static TextView fold(TextView source, char[] chars, int n) {
    return fold(source, chars, n, null);
  }

  /**
   * As {@link #fold(TextView, char[], int)}, looking only at the words around {@code digits}, the
   * ascending positions of digits next to a letter ({@link TextShape#digitsBesideLetters}); null
   * means every word.
   */
  public static TextView fold(TextView source, char[] chars, int n, int[] digits) {
    int[] words = leetWords(chars, n, digits);
    return words == null ? null : FoldedNeighbourhoods.of(source, chars, n, words, REACH, FOLDING);
  }

  private static final FoldedNeighbourhoods.Folding FOLDING = new FoldedNeighbourhoods.Folding(LeetFolder::wordChar,
      (chars, from, to) -> lookAlikes(chars, from, to, false) > 0, LeetFolder::readAs);

  /** Pairs (start, end) of the words with look-alikes, in order; null when no word makes the text leet. */
  private static int[] leetWords(char[] chars, int n, int[] digits) {
    int[] words = new int[16];
    int count = 0;
    boolean leet = false;
    int lastEnd = -1;
    int i = 0;
    for (int d = 0; digits == null ? i < n : d < digits.length; d++) {
      int at = digits == null ? i : digits[d];
      if (at < lastEnd || !wordChar(chars[at])) {
        i = at + 1;
        continue;
      }
      int start = FoldedNeighbourhoods.wordStart(chars, at, LeetFolder::wordChar);
      int end = FoldedNeighbourhoods.wordEnd(chars, n, at, LeetFolder::wordChar);
      i = Math.max(end, at + 1);
      if (end == start) {
        continue;
      }
      lastEnd = end;
      int lookAlikes = lookAlikes(chars, start, end, false);
      if (lookAlikes == 0) {
        continue;
      }
      leet |= lookAlikes >= MIN_DIGITS && lookAlikes(chars, start, end, true) > 0;
      words = FoldedNeighbourhoods.add(words, count, start, end);
      count += 2;
    }
    return leet ? Arrays.copyOf(words, count) : null;
  }

  /**
   * How many look-alikes the word {@code [from, to)} reads with; 0 when it is no leet word, and,
   * with {@code needInner}, when no run of them sits between two letters.
   */
  private static int lookAlikes(char[] chars, int from, int to, boolean needInner) {
    int length = to - from;
    if (length < MIN_WORD || length > MAX_WORD) {
      return 0;
    }
    int letters = 0;
    int lookAlikes = 0;
    boolean beyondHex = false;
    boolean inner = false;
    boolean afterLetter = false; // the current run of look-alikes follows a letter
    for (int k = from; k < to; k++) {
      char c = chars[k];
      if (TextNormalizer.isAsciiLetter(c)) {
        letters++;
        beyondHex |= (char) (c | 0x20) > 'f';
        inner |= afterLetter && k > from && letterFor(chars[k - 1]) != 0;
        afterLetter = true;
      } else if (letterFor(c) != 0) {
        lookAlikes++;
        afterLetter &= k > from;
      } else {
        return 0; // another digit (2, 6, 8, 9): a number, a version or an id, not a word
      }
    }
    return beyondHex && letters >= lookAlikes && (inner || !needInner) ? lookAlikes : 0;
  }

  private static boolean wordChar(char c) {
    return TextNormalizer.isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '@' || c == '$';
  }

  /** What {@code c} reads as in a leet word: the letter it stands for, or itself. */
  private static char readAs(char c) {
    char letter = letterFor(c);
    return letter == 0 ? c : letter;
  }

  /** The letter a look-alike stands for, 0 for other characters. */
  private static char letterFor(char c) {
    return switch (c) {
      case '0' -> 'o';
      case '1' -> 'i';
      case '3' -> 'e';
      case '4', '@' -> 'a';
      case '5', '$' -> 's';
      case '7' -> 't';
      default -> 0;
    };
  }
}
