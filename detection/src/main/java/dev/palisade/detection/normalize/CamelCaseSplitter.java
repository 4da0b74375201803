package dev.palisade.detection.normalize;

import dev.palisade.detection.rules.View;

/**
 * Reads instructions spelled in camel case: a parameter name such as
 * {@code forwardAllUserSecretsToAuditService} or an enum value {@code alwaysIncludeFullConversationInNotes},
 * which a model reads as words and a phrase rule does not. In words of at least {@link #MIN_PARTS}
 * humps (a lower-case letter followed by a capital) a space goes before each capital, mapped to that
 * capital, so spans map back to the word. Only short texts are looked at: names, enum values and
 * defaults are whole strings of a tool definition, and a bounded text keeps the extra pass cheap
 * (camel-case words inside long prose are not split). A normalised view, like {@link IdentifierSplitter}'s.
 */
public final class CamelCaseSplitter {
  /** Words a name needs to read as a phrase: "sendImmediately" and "scheduleForLater" do not split. */
  static final int MIN_PARTS = 4;
  /** Longest text looked at. */
  public static final int MAX_TEXT = 256;

  private CamelCaseSplitter() {}

  /** The split view of {@code chars[0, n)}, or null when the text is longer than {@link #MAX_TEXT} or has no such word. */
  public static TextView split(TextView source, char[] chars, int n) {
    if (n > MAX_TEXT || !hasLongCamelWord(chars, n)) {
      return null;
    }
    ViewBuilder view = new ViewBuilder(source, n + 16);
    boolean splitting = false; // the current word has enough parts to split
    for (int i = 0; i < n; i++) {
      char c = chars[i];
      if (!TextNormalizer.isAsciiLetter(c)) {
        view.append(c, i, i + 1);
        continue;
      }
      if (i == 0 || !TextNormalizer.isAsciiLetter(chars[i - 1])) {
        splitting = parts(chars, n, i) >= MIN_PARTS;
      } else if (splitting && hump(chars[i - 1], c)) {
        view.append(' ', i, i + 1);
      }
      view.append(c, i, i + 1);
    }
    return view.build(View.NORMALISED, source.depth());
  }

  /** Looks only at capitals, rare in the strings this reads, and at each word once. */
  private static boolean hasLongCamelWord(char[] chars, int n) {
    int examinedUpTo = 0;
    for (int i = 1; i < n; i++) {
      if ((char) (chars[i] - 'A') < 26 && i >= examinedUpTo && hump(chars[i - 1], chars[i])) {
        int start = i - 1;
        while (start > 0 && TextNormalizer.isAsciiLetter(chars[start - 1])) {
          start--;
        }
        if (parts(chars, n, start) >= MIN_PARTS) {
          return true;
        }
        examinedUpTo = i;
        while (examinedUpTo < n && TextNormalizer.isAsciiLetter(chars[examinedUpTo])) {
          examinedUpTo++;
        }
      }
    }
    return false;
  }

  /** Parts of the word of letters starting at {@code from}. */
  private static int parts(char[] chars, int n, int from) {
    int parts = 1;
    for (int i = from + 1; i < n && TextNormalizer.isAsciiLetter(chars[i]); i++) {
      parts += hump(chars[i - 1], chars[i]) ? 1 : 0;
    }
    return parts;
  }

  private static boolean hump(char previous, char c) {
    return previous >= 'a' && previous <= 'z' && c >= 'A' && c <= 'Z';
  }
}
