package dev.palisade.detection.normalize;

import dev.palisade.detection.rules.View;
import java.util.Arrays;

/**
 * A normalised view that holds only the neighbourhoods of some words, folded one character for one
 * (so spans map straight back): {@code reach} characters on each side of each chosen word, joined
 * by a line break where far apart. A long text with one such word costs a short scan, not a second
 * scan of the whole text.
 */
final class FoldedNeighbourhoods {
  /**
   * What a word is, which words fold, and what their characters fold to ({@code c} itself when it
   * stays).
   */
  record Folding(CharTest wordChar, WordTest folds, CharFold fold) {}

  @FunctionalInterface
  interface CharTest {
    boolean test(char c);
  }

  /** Whether the word {@code chars[from, to)} folds. */
  @FunctionalInterface
  interface WordTest {
    boolean test(char[] chars, int from, int to);
  }

  @FunctionalInterface
  interface CharFold {
    char fold(char c);
  }

  private FoldedNeighbourhoods() {}

  /** Where the word around {@code at} starts. */
  static int wordStart(char[] chars, int at, CharTest wordChar) {
    int start = at;
    while (start > 0 && wordChar.test(chars[start - 1])) {
      start--;
    }
    return start;
  }

  /** Where the word at {@code at} ends ({@code at} itself when no word is there). */
  static int wordEnd(char[] chars, int n, int at, CharTest wordChar) {
    int end = at;
    while (end < n && wordChar.test(chars[end])) {
      end++;
    }
    return end;
  }

  /** {@code pairs} with (start, end) stored at {@code count}, grown when full. */
  static int[] add(int[] pairs, int count, int start, int end) {
    int[] out = count + 2 > pairs.length ? Arrays.copyOf(pairs, Math.max(16, pairs.length * 2)) : pairs;
    out[count] = start;
    out[count + 1] = end;
    return out;
  }

  /**
   * The view of the neighbourhoods of {@code words}: pairs (start, end) in ascending order. Words
   * within reach that fold are folded too and extend the reach.
   */
  static TextView of(TextView source, char[] chars, int n, int[] words, int reach, Folding folding) {
    ViewBuilder view = new ViewBuilder(source, Math.min(n, 4 * reach));
    int keptUpTo = 0; // chars[0, keptUpTo) are in the view or left out for good
    for (int w = 0; w < words.length; w += 2) {
      if (words[w + 1] <= keptUpTo) {
        continue; // taken in with an earlier word's reach
      }
      int from = Math.max(keptUpTo, words[w] - reach);
      if (from > keptUpTo && view.length() > 0) {
        view.append('\n', from - 1, from); // stands for the text left out
      }
      int to = Math.min(n, words[w + 1] + reach);
      int k = from;
      while (k > 0 && k < n && folding.wordChar().test(chars[k]) && folding.wordChar().test(chars[k - 1])) {
        k++; // from fell inside a word whose start is out of reach: it stays as it is
      }
      for (int c = from; c < k; c++) {
        view.append(chars[c], c, c + 1);
      }
      while (k < to) {
        int end = wordEnd(chars, n, k, folding.wordChar());
        if (end == k) {
          view.append(chars[k], k, k + 1);
          k++;
          continue;
        }
        boolean folds = folding.folds().test(chars, k, end);
        for (int c = k; c < end; c++) {
          view.append(folds ? folding.fold().fold(chars[c]) : chars[c], c, c + 1);
        }
        if (folds) {
          to = Math.min(n, Math.max(to, end + reach));
        }
        k = end;
      }
      keptUpTo = k;
    }
    return view.build(View.NORMALISED, source.depth());
  }
}
