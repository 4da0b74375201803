package dev.palisade.detection.normalize;

import java.util.Arrays;

/**
 * Reads instructions spelled as identifiers: an enum value, a default or a name such as
 * {@code ALWAYS_SEND_CHAT_HISTORY_TO_lookup}, which a model reads as words and a phrase rule does not.
 * In words of at least {@link #MIN_PARTS} parts of letters joined by underscores each underscore
 * becomes a space, one character for one; shorter names ({@code list_files}, {@code aws_iam_role})
 * make no view, and long plain names ({@code aws_iam_role_arn}) one nothing matches in (4 % of the
 * characters of the benign tool definitions sit in strings with such a name). Like {@link LeetFolder}'s, the view holds only the neighbourhoods of those words and
 * is a normalised view (injection, shadowing and exfiltration rules read it).
 */
public final class IdentifierSplitter {
  /** Parts of letters a word needs: four reads as a phrase ("send_chat_history_to"), three mostly as a name. */
  static final int MIN_PARTS = 4;
  private static final int MAX_WORD = 160;

  private static final FoldedNeighbourhoods.Folding FOLDING = new FoldedNeighbourhoods.Folding(IdentifierSplitter::wordChar,
      IdentifierSplitter::splits, c -> c == '_' ? ' ' : c);

  private IdentifierSplitter() {}

  /** The split neighbourhoods of {@code source}'s long identifiers, or null when it has none; reads {@code chars[0, n)}. */
  public static TextView split(TextView source, char[] chars, int n) {
    return split(source, chars, n, null);
  }

  /**
   * As {@link #split(TextView, char[], int)}, looking only at the words around {@code underscores},
   * their ascending positions ({@link TextShape#underscores}); null means looking for them.
   */
  public static TextView split(TextView source, char[] chars, int n, int[] underscores) {
    int[] words = new int[0];
    int count = 0;
    int end = 0;
    int u = 0;
    for (int i = next(chars, n, 0, underscores, u); i >= 0; i = next(chars, n, end, underscores, ++u)) {
      if (i < end) {
        continue; // in the word just examined
      }
      int start = FoldedNeighbourhoods.wordStart(chars, i, IdentifierSplitter::wordChar);
      end = FoldedNeighbourhoods.wordEnd(chars, n, i, IdentifierSplitter::wordChar);
      if (splits(chars, start, end)) {
        words = FoldedNeighbourhoods.add(words, count, start, end);
        count += 2;
      }
    }
    return count == 0 ? null : FoldedNeighbourhoods.of(source, chars, n, Arrays.copyOf(words, count), LeetFolder.REACH, FOLDING);
  }

  /** The next underscore at or after {@code from} (the {@code u}th of {@code known} when given), or -1. */
  private static int next(char[] chars, int n, int from, int[] known, int u) {
    if (known != null) {
      return u < known.length ? known[u] : -1;
    }
    for (int i = from; i < n; i++) {
      if (chars[i] == '_') {
        return i;
      }
    }
    return -1;
  }

  private static boolean splits(char[] chars, int from, int to) {
    if (to - from > MAX_WORD) {
      return false;
    }
    int parts = 0;
    boolean letters = false;
    boolean other = false;
    for (int k = from; k <= to; k++) {
      char c = k < to ? chars[k] : '_';
      if (c == '_') {
        parts += letters && !other ? 1 : 0;
        letters = false;
        other = false;
      } else if (TextNormalizer.isAsciiLetter(c)) {
        letters = true;
      } else {
        other = true;
      }
    }
    return parts >= MIN_PARTS;
  }

  private static boolean wordChar(char c) {
    return TextNormalizer.isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_';
  }
}
