package dev.palisade.detection.normalize;

import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import dev.palisade.detection.rules.View;
import dev.palisade.detection.work.ScanWork;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The normalised view of a string, the one evasions are undone in: NFKC, invisible and format
 * characters removed, Unicode tag characters decoded to the ASCII they hide, confusable characters
 * folded to their skeleton (UTS #39, ICU's SpoofChecker), diacritics dropped, letter-spaced words
 * ("i g n o r e") joined and whitespace runs collapsed. ASCII text without letter spacing needs no
 * normalised view; {@link #needed} says so in one cheap pass.
 */
public final class TextNormalizer {
  private static final int MAX_CACHED = 8192;
  /** Every assigned code point reaches its fixed point within a few rounds (TextNormalizerTest checks them all); the cap guards against a cycle. */
  private static final int MAX_FOLD_ROUNDS = 8;
  private final Normalizer2 nfkc = Normalizer2.getNFKCInstance();
  private final SpoofChecker spoof = new SpoofChecker.Builder().build();
  private final ConcurrentHashMap<Integer, String> folded = new ConcurrentHashMap<>();
  /** Per BMP character, how it {@link #matters}: 0 not yet known, else one of the kinds below (racy fills write the same value). */
  private final byte[] matters = new byte[Character.MAX_VALUE + 1];
  private static final byte ALWAYS = 1;
  private static final byte NEVER = 2;
  /** A letter or digit its fold leaves as it is: only a lone letter matters, which letter-spacing joins could take. */
  private static final byte WHEN_ALONE = 3;

  /** Whether the normalised view could differ from the text in a way rules care about. */
  public boolean needed(CharSequence text) {
    char[] chars = text.toString().toCharArray();
    return needed(chars, chars.length);
  }

  /**
   * {@link #needed(CharSequence)} of {@code chars[0, n)}, whose shape is known: only the characters
   * the shape points at are looked up, and the exact pass runs only for possible letter spacing.
   */
  public boolean needed(char[] text, int n, TextShape shape) {
    if (shape.mayBeLetterSpaced()) {
      return needed(text, n);
    }
    if (!shape.mayFold()) {
      return false;
    }
    int[] candidates = shape.foldCandidates();
    if (candidates == null) {
      return needed(text, n);
    }
    for (int i : candidates) {
      if (mattersAt(text, n, i)) {
        return true;
      }
    }
    return false;
  }

  /** {@link #needed(CharSequence)} of {@code chars[0, n)}. */
  public boolean needed(char[] text, int n) {
    int singleRun = 0;
    int lastSingle = -10;
    boolean previousLetter = false;
    for (int i = 0; i < n; i++) {
      char c = text[i];
      if (!isAsciiLetter(c)) {
        if (c >= 0x80 && mattersAt(text, n, i)) {
          return true;
        }
        previousLetter = false;
        continue;
      }
      boolean wordStart = !previousLetter;
      previousLetter = true;
      if (wordStart && (i + 1 == n || !isAsciiLetter(text[i + 1]))) {
        singleRun = i - lastSingle == 2 && isSpacer(text[i - 1]) ? singleRun + 1 : 1;
        lastSingle = i;
        if (singleRun >= 4) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether a non-ASCII character can change what rules read, in some position: it is
   * {@link #foldable}, or it folds to ASCII letters or digits (circled letters, Roman numerals,
   * superscripts, U+060A "o/000"): those spell words the raw view does not show, so skipping the
   * normalised view would let them through.
   */
  boolean matters(char c) {
    return kind(c) != NEVER;
  }

  /**
   * Whether the non-ASCII character at {@code text[i]} can change what rules read. A letter or digit
   * that folds to itself (ideographs; Hebrew, Arabic and Thai do not, their skeletons reach ASCII or
   * drop marks) matters only standing alone between
   * non-letters, where letter-spacing joins could take it; a pair of surrogates is judged as its code
   * point (an emoji folds to itself and needs no view, a mathematical letter folds to ASCII and does).
   * Text in other scripts then no longer costs a second, normalised scan that shows what the first did.
   */
  private boolean mattersAt(char[] text, int n, int i) {
    char c = text[i];
    if (Character.isSurrogate(c)) {
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text[i + 1])) {
        return mattersCodePoint(Character.toCodePoint(c, text[i + 1]));
      }
      // the low half of a pair was judged with its high half; a lone half stays a reason to normalise
      return !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text[i - 1]));
    }
    byte kind = kind(c);
    if (kind == WHEN_ALONE) {
      return Character.isLetter(c) && (i == 0 || !Character.isLetter(text[i - 1]))
          && (i + 1 == n || !Character.isLetter(text[i + 1]));
    }
    return kind == ALWAYS;
  }

  private byte kind(char c) {
    byte known = matters[c];
    if (known == 0) {
      if (Character.isSurrogate(c) || invisible(c) || !Character.isLetterOrDigit(c)) {
        known = foldable(c) || hasAsciiLetterOrDigit(fold(c)) ? ALWAYS : NEVER;
      } else {
        known = fold(c).equals(String.valueOf(c)) ? WHEN_ALONE : ALWAYS;
      }
      matters[c] = known;
    }
    return known;
  }

  /** {@link #mattersAt} for a code point beyond the BMP. */
  private boolean mattersCodePoint(int cp) {
    int type = Character.getType(cp);
    if (invisible(cp) || type == Character.PRIVATE_USE || type == Character.NON_SPACING_MARK
        || type == Character.ENCLOSING_MARK || type == Character.SPACE_SEPARATOR || type == Character.UNASSIGNED) {
      return true;
    }
    String fold = fold(cp);
    // supplementary letters never stand alone for letter spacing, which reads single chars
    return Character.isLetterOrDigit(cp) ? !fold.equals(new String(Character.toChars(cp))) : hasAsciiLetterOrDigit(fold);
  }

  private static boolean hasAsciiLetterOrDigit(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isAsciiLetter(c) || (c >= '0' && c <= '9')) {
        return true;
      }
    }
    return false;
  }

  /**
   * Non-ASCII characters that can carry evasion: letters and digits (homoglyphs, full-width forms),
   * spaces, invisible and format characters, surrogates (tags, mathematical alphanumerics). Plain
   * punctuation such as dashes and typographic quotes does not need a normalised view.
   */
  static boolean foldable(char c) {
    int type = Character.getType(c);
    return Character.isLetterOrDigit(c) || type == Character.FORMAT || type == Character.SURROGATE
        || type == Character.SPACE_SEPARATOR || type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
        || type == Character.PRIVATE_USE || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xFF00 && c <= 0xFFEF)
        || c == 0x3164 || c == 0x115F || c == 0x1160;
  }

  /** The normalised view of {@code source}; two linear passes, counted into {@code work}. */
  public TextView normalise(TextView source, ScanWork work) {
    String text = source.text();
    work.normaliserRead(text.length());
    ViewBuilder first = new ViewBuilder(source, text.length());
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int next = i + Character.charCount(cp);
      if (cp >= 0xE0020 && cp <= 0xE007E) {
        first.append((char) (cp - 0xE0000), i, next); // tag characters spell hidden ASCII
      } else if (invisible(cp)) {
        // dropped: the text reads the same without it
      } else if (cp < 0x80) {
        first.append(Character.isWhitespace(cp) ? ' ' : (char) cp, i, next);
      } else if (Character.isWhitespace(cp) || Character.getType(cp) == Character.SPACE_SEPARATOR) {
        first.append(' ', i, next);
      } else {
        first.append(fold(cp), i, next);
      }
      i = next;
    }
    TextView stage = first.build(View.NORMALISED, source.depth());
    return joinAndCollapse(stage, source.depth(), work);
  }

  /**
   * Joins letter-spaced words and collapses whitespace runs. Collapsing can bring single letters
   * together that a longer run kept apart ("a l \n l"), so joining runs once more on the collapsed
   * text: normalising twice then changes nothing (a third round would find no single letters left to join).
   */
  private static TextView joinAndCollapse(TextView stage, int depth, ScanWork work) {
    TextView once = rebuild(stage, depth, joins(stage.text()));
    boolean[] more = joins(once.text());
    work.normaliserRead(2L * stage.text().length() + (more == null ? 1L : 2L) * once.text().length());
    return more == null ? once : rebuild(once, depth, more);
  }

  /**
   * Which characters to drop to join runs of three or more single letters with one spacer between
   * them; null for none. A run keeps one kind of spacer, so another between words stays
   * ("I-g-n-o-r-e a-l-l" reads "Ignore all", not one word).
   */
  private static boolean[] joins(String text) {
    int n = text.length();
    boolean[] drop = null;
    int i = 0;
    while (i < n) {
      if (single(text, i)) {
        int j = i;
        int count = 1;
        char spacer = j + 1 < n ? text.charAt(j + 1) : 0;
        while (j + 2 < n && isSpacer(spacer) && text.charAt(j + 1) == spacer && single(text, j + 2)) {
          j += 2;
          count++;
        }
        if (count >= 3) {
          drop = drop == null ? new boolean[n] : drop;
          for (int k = i + 1; k < j; k += 2) {
            drop[k] = true;
          }
        }
        i = j + 1;
      } else {
        i++;
      }
    }
    return drop;
  }

  /** The view without the dropped characters, whitespace runs collapsed to one space and no leading space. */
  private static TextView rebuild(TextView stage, int depth, boolean[] drop) {
    String text = stage.text();
    int n = text.length();
    ViewBuilder out = new ViewBuilder(stage, n);
    for (int k = 0; k < n; k++) {
      char c = text.charAt(k);
      if ((drop != null && drop[k]) || (c == ' ' && (out.length() == 0 || out.charAt(out.length() - 1) == ' '))) {
        continue;
      }
      out.append(c, k, k + 1);
    }
    return out.build(View.NORMALISED, depth);
  }

  private static boolean single(String text, int i) {
    return Character.isLetter(text.charAt(i)) && (i == 0 || !Character.isLetter(text.charAt(i - 1)))
        && (i + 1 == text.length() || !Character.isLetter(text.charAt(i + 1)));
  }

  static boolean isAsciiLetter(char c) {
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  }

  static boolean isSpacer(char c) {
    return c == ' ' || c == '.' || c == '-' || c == '_' || c == '*' || c == '|' || c == '/' || c == '\u00B7';
  }

  static boolean invisible(int cp) {
    return Character.getType(cp) == Character.FORMAT
        || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF)
        || cp == 0x034F || cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 || cp == 0x180E
        || (cp >= 0x180B && cp <= 0x180F) || cp == 0x17B4 || cp == 0x17B5;
  }

  /**
   * NFKC, then the confusable skeleton of what is still not ASCII, without combining marks, repeated
   * until nothing changes: a skeleton can itself hold compatibility characters (U+060A becomes
   * "º/₀₀₀"), and a fold that stops early leaves rules reading half-folded text.
   */
  private String fold(int cp) {
    String cached = folded.get(cp);
    if (cached != null) {
      return cached;
    }
    String result = new String(Character.toChars(cp));
    for (int round = 0; round < MAX_FOLD_ROUNDS; round++) {
      String next = foldOnce(result);
      if (next.equals(result)) {
        break;
      }
      result = next;
    }
    if (folded.size() < MAX_CACHED) {
      folded.put(cp, result);
    }
    return result;
  }

  private String foldOnce(String text) {
    String compatible = nfkc.normalize(text);
    StringBuilder out = new StringBuilder(compatible.length());
    for (int i = 0; i < compatible.length(); ) {
      int c = compatible.codePointAt(i);
      i += Character.charCount(c);
      if (c < 0x80) {
        out.append(Character.isWhitespace(c) ? ' ' : (char) c);
        continue;
      }
      String skeleton = spoof.getSkeleton(new String(Character.toChars(c)));
      if (skeleton.equals("l") && Character.isUpperCase(c)) {
        skeleton = "I"; // UTS #39 folds I and l together; a capital look-alike of I should read as I
      }
      for (int k = 0; k < skeleton.length(); k++) {
        // skeletons hold whitespace too (U+1F16D's is U+33C4, TAB, U+20DD): the same rules as for the text itself
        char s = skeleton.charAt(k);
        if (Character.isWhitespace(s)) {
          out.append(' ');
        } else if (Character.getType(s) != Character.NON_SPACING_MARK && !invisible(s)) {
          out.append(s);
        }
      }
    }
    return out.toString();
  }
}
