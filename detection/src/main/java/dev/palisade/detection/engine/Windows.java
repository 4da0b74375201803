package dev.palisade.detection.engine;

import dev.palisade.detection.prefilter.KeywordAutomaton;
import java.util.Arrays;

/**
 * Where a rule's regex needs to run: windows of {@code reach} characters either side of each keyword
 * or digit run, merged, widened to the nearest character that is not a letter or digit so a window edge
 * does not cut a word (a cut would fake a word boundary). Regexes then cost in proportion to what the prefilter found, not to
 * the length of the text.
 */
final class Windows {
  static final int WIDEN = 24;

  private Windows() {}

  /**
   * Pairs {@code [from, to)} in ascending order around the keyword positions that have every near
   * group within reach, and around the digit clusters with at least {@code minDigits} digits; the
   * whole text when positions overflowed. A window starts {@code keywordBackReach} before a keyword
   * (less than {@code reach} when every match begins with the keyword) and {@code reach} before digits.
   */
  static int[] around(String text, int reach, int keywordBackReach, KeywordAutomaton.Hits hits, int keywordSlot, int nearGroups,
      boolean byKeyword, int minDigits, boolean byDigits) {
    int n = text.length();
    int keywordCount = byKeyword ? hits.count(keywordSlot) : 0;
    int digitCount = byDigits ? hits.digitRuns() : 0;
    if (keywordCount < 0 || digitCount == Integer.MAX_VALUE || (long) reach * 2 >= n) {
      return chunked(text, new int[] {0, n}, 2, reach);
    }
    int[] digits = hits.digitStarts();
    int[] out = new int[8];
    int size = 0;
    int i = 0;
    int j = 0;
    int currentFrom = -1;
    int currentTo = -1;
    while (i < keywordCount || j < digitCount) {
      int position;
      int back = reach;
      if (j >= digitCount || (i < keywordCount && hits.position(keywordSlot, i) <= digits[j])) {
        position = hits.position(keywordSlot, i++);
        back = keywordBackReach;
        if (!nearAll(hits, keywordSlot + 1, nearGroups, position - reach, position + reach + 1)) {
          continue;
        }
      } else {
        position = digits[j];
        int clusterDigits = digits[j + 1];
        j += 2;
        if (clusterDigits < minDigits) {
          continue;
        }
      }
      int from = Math.max(0, position - back);
      int to = Math.min(n, position + reach + 1);
      if (currentTo >= 0 && from <= currentTo) {
        currentFrom = Math.min(currentFrom, from);
        currentTo = Math.max(currentTo, to);
        continue;
      }
      if (currentTo >= 0) {
        if (size + 2 > out.length) {
          out = Arrays.copyOf(out, out.length * 2);
        }
        out[size++] = currentFrom;
        out[size++] = currentTo;
      }
      currentFrom = from;
      currentTo = to;
    }
    if (currentTo >= 0) {
      if (size + 2 > out.length) {
        out = Arrays.copyOf(out, out.length + 2);
      }
      out[size++] = currentFrom;
      out[size++] = currentTo;
    }
    for (int k = 0; k < size; k += 2) {
      out[k] = widenLeft(text, out[k]);
      out[k + 1] = widenRight(text, out[k + 1]);
    }
    if (keywordBackReach != reach && byDigits) {
      sortPairs(out, size); // a digit window reaches further back than the keyword window before it
    }
    // widening can make neighbours overlap: merge them
    int merged = 0;
    for (int k = 0; k < size; k += 2) {
      if (merged > 0 && out[k] <= out[merged - 1]) {
        out[merged - 1] = Math.max(out[merged - 1], out[k + 1]);
      } else {
        out[merged++] = out[k];
        out[merged++] = out[k + 1];
      }
    }
    return chunked(text, out, merged, reach);
  }

  /** Windows longer than this many reaches are cut into overlapping pieces. */
  static final int CHUNK_REACHES = 8;

  /**
   * The windows, each longer than {@link #CHUNK_REACHES} reaches cut into pieces that overlap by two
   * reaches (a match is at most a reach long, so each lies whole in some piece; a match found in two
   * is one finding after deduplication). Keyword hits every few characters merge into one window as
   * long as the text; when its DFA says it may match, re2j would read all of it at the speed of its
   * NFA (about half a microsecond per character for the larger injection rules) to find a match near
   * its end. In pieces, re2j reads only the pieces that can match.
   */
  private static int[] chunked(String text, int[] windows, int size, int reach) {
    long chunk = (long) CHUNK_REACHES * Math.max(1, reach);
    boolean any = false;
    for (int k = 0; k < size && !any; k += 2) {
      any = windows[k + 1] - windows[k] > chunk;
    }
    if (!any) {
      return size == windows.length ? windows : Arrays.copyOf(windows, size);
    }
    int step = (int) chunk - 2 * Math.max(1, reach);
    int[] out = new int[size * 2 + 8];
    int count = 0;
    for (int k = 0; k < size; k += 2) {
      int from = windows[k];
      int to = windows[k + 1];
      for (int start = from; ; start += step) {
        int end = (int) Math.min(to, start + chunk);
        if (count + 2 > out.length) {
          out = Arrays.copyOf(out, out.length * 2);
        }
        out[count++] = start == from ? from : widenLeft(text, start);
        out[count++] = end == to ? to : widenRight(text, end);
        if (end == to) {
          break;
        }
      }
    }
    return Arrays.copyOf(out, count);
  }

  private static void sortPairs(int[] pairs, int size) {
    long[] packed = new long[size / 2];
    for (int k = 0; k < size; k += 2) {
      packed[k / 2] = (long) pairs[k] << 32 | pairs[k + 1];
    }
    Arrays.sort(packed);
    for (int k = 0; k < size; k += 2) {
      pairs[k] = (int) (packed[k / 2] >>> 32);
      pairs[k + 1] = (int) packed[k / 2];
    }
  }

  private static boolean nearAll(KeywordAutomaton.Hits hits, int firstSlot, int groups, int from, int to) {
    for (int g = 0; g < groups; g++) {
      if (!hits.occursIn(firstSlot + g, from, to)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a literal of every one of {@code slots} ends inside {@code [from, to)}: a regex that needs
   * those literals cannot match in a window without them.
   */
  static boolean allWithin(KeywordAutomaton.Hits hits, int[] slots, int from, int to) {
    for (int slot : slots) {
      if (!hits.occursIn(slot, from, to)) {
        return false;
      }
    }
    return true;
  }

  private static int widenLeft(String text, int from) {
    int limit = Math.max(0, from - WIDEN);
    while (from > limit && Character.isLetterOrDigit(text.charAt(from - 1))) {
      from--;
    }
    return from;
  }

  private static int widenRight(String text, int to) {
    int limit = Math.min(text.length(), to + WIDEN);
    while (to < limit && Character.isLetterOrDigit(text.charAt(to))) {
      to++;
    }
    return to;
  }
}
