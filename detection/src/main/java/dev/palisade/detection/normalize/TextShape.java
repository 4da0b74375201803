package dev.palisade.detection.normalize;

import java.util.Arrays;

/**
 * What one branch-light pass over a text says about the passes it needs: whether it has characters
 * a normalised view may fold, letter-spaced words, escapes or long base64/hex runs to decode, digits,
 * digits beside letters (leetspeak) and underscores (identifiers spelled from words).
 * Prose changes between letters and other characters every few characters; the exact checks, which
 * branch on that, then run only on the texts that can need them.
 */
public final class TextShape {
  /** Letter, spacer and base64 in the three low bits: they go straight into the history. */
  private static final int LETTER = 1;
  private static final int SPACER = 2;
  private static final int BASE64 = 4;
  private static final int DIGIT = 8;
  private static final int ESCAPE = 16;
  private static final int MAY_FOLD = 32;
  private static final int UNDERSCORE = 64;
  private static final int BEYOND_ASCII = 128;
  /** Kinds the loop stops for; everything else is prose and costs no branch. */
  private static final int RARE = DIGIT | ESCAPE | MAY_FOLD | UNDERSCORE | BEYOND_ASCII;
  /** Punctuation whose fold holds ASCII letters or digits (TextShapeTest derives the list from the normaliser). */
  static final String PUNCTUATION_THAT_FOLDS = "\u05C0\u0609\u060A\u066A\u166E\u2016\u2030\u2031";
  private static final byte[] KIND = new byte[Character.MAX_VALUE + 1];

  static {
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      char ch = (char) c;
      int kind = 0;
      kind |= PayloadDecoder.base64Char(ch) ? BASE64 : 0;
      kind |= ch >= '0' && ch <= '9' ? DIGIT : 0;
      kind |= TextNormalizer.isAsciiLetter(ch) ? LETTER : 0;
      kind |= TextNormalizer.isSpacer(ch) ? SPACER : 0;
      kind |= ch == '%' || ch == '&' || ch == '\\' ? ESCAPE : 0;
      kind |= ch == '_' ? UNDERSCORE : 0;
      kind |= ch >= 0x80 && (TextNormalizer.foldable(ch) || !plainPunctuation(ch)) ? MAY_FOLD : 0;
      kind |= ch >= 0x80 ? BEYOND_ASCII : 0;
      KIND[c] = (byte) kind;
    }
  }

  /**
   * Dashes, brackets, quotes and other punctuation, the non-ASCII characters of ordinary prose that
   * cannot change what rules read; every other non-ASCII character may (letters, marks, symbols such
   * as circled letters or Roman numerals that fold to ASCII) and sends the text to the normaliser's
   * exact check.
   */
  private static boolean plainPunctuation(char c) {
    int type = Character.getType(c);
    boolean punctuation = type == Character.DASH_PUNCTUATION || type == Character.START_PUNCTUATION
        || type == Character.END_PUNCTUATION || type == Character.INITIAL_QUOTE_PUNCTUATION
        || type == Character.FINAL_QUOTE_PUNCTUATION || type == Character.CONNECTOR_PUNCTUATION
        || type == Character.OTHER_PUNCTUATION;
    return punctuation && PUNCTUATION_THAT_FOLDS.indexOf(c) < 0;
  }

  /** The shortest base64 or hex run the decoder tries. */
  static final int MIN_RUN = 16;

  /*
   * One history of three bits per character (letter, spacer, base64), newest lowest, carries both
   * patterns the pass looks for, so the loop keeps one variable instead of a counter per pattern.
   * Letter spacing ("i g n o r e") starts with four single letters one spacer apart: "non-letter,
   * then letter and spacer three times, letter, non-letter" over the last nine characters. A base64
   * run reaches the decoder's shortest at the sixteenth base64 character after one that is not.
   */
  private static final int BITS = 3;
  private static final int SPACED_MASK;
  private static final int SPACED_PATTERN;
  private static final long RUN_MASK;
  private static final long RUN_PATTERN;

  static {
    String shape = "NLSLSLSLN"; // oldest first
    int mask = 0;
    int pattern = 0;
    for (int k = 0; k < shape.length(); k++) {
      int shift = BITS * (shape.length() - 1 - k);
      mask |= LETTER << shift; // the letter bit always counts
      pattern |= shape.charAt(k) == 'L' ? LETTER << shift : 0;
      if (shape.charAt(k) == 'S') {
        mask |= SPACER << shift;
        pattern |= SPACER << shift;
      }
    }
    SPACED_MASK = mask;
    SPACED_PATTERN = pattern;
    long runMask = 0;
    long runPattern = 0;
    for (int k = 0; k <= MIN_RUN; k++) {
      runMask |= (long) BASE64 << (BITS * k);
      runPattern |= k < MIN_RUN ? (long) BASE64 << (BITS * k) : 0;
    }
    RUN_MASK = runMask;
    RUN_PATTERN = runPattern;
  }

  /** Positions kept of each kind of rare event; past this the later pass looks for them itself. */
  private static final int MAX_KEPT = 4096;

  private final int digits;
  private final IntList digitClusters;
  private final IntList escapeStarts;
  private final IntList runStarts;
  private final int letterSpaced;
  private final IntList foldCandidates;
  private final boolean beyondAscii;
  private final IntList digitsInWords;
  private final IntList underscores;

  private TextShape(int digits, IntList digitClusters, IntList escapeStarts, IntList runStarts, int letterSpaced, IntList foldCandidates,
      boolean beyondAscii, IntList digitsInWords, IntList underscores) {
    this.digits = digits;
    this.digitClusters = digitClusters;
    this.escapeStarts = escapeStarts;
    this.runStarts = runStarts;
    this.letterSpaced = letterSpaced;
    this.foldCandidates = foldCandidates;
    this.beyondAscii = beyondAscii;
    this.digitsInWords = digitsInWords;
    this.underscores = underscores;
  }

  /** The shape of {@code chars[0, n)}. */
  public static TextShape of(char[] chars, int n) {
    return of(chars, n, 1);
  }

  /**
   * The shape of {@code chars[0, n)}, keeping only digit clusters of at least {@code minClusterDigits}
   * digits (prose is full of "17 degrees"; no numeric rule looks at two digits).
   */
  public static TextShape of(char[] chars, int n, int minClusterDigits) {
    RareEvents rare = new RareEvents(minClusterDigits);
    long history = 0;
    int spaced = 0;
    for (int i = 0; i < n; i++) {
      int kind = KIND[chars[i]] & 0xFF;
      history = history << BITS | (kind & (LETTER | SPACER | BASE64));
      spaced += ((int) history & SPACED_MASK) == SPACED_PATTERN ? 1 : 0;
      boolean runStart = (history & RUN_MASK) == RUN_PATTERN;
      if ((kind & RARE) != 0 || runStart) {
        rare.note(chars, n, i, kind, runStart); // prose (letters, spaces, punctuation) never gets here
      }
    }
    history <<= BITS; // the end of the text is not a letter
    spaced += ((int) history & SPACED_MASK) == SPACED_PATTERN ? 1 : 0;
    return rare.shape(spaced);
  }

  /**
   * The positions of the rare characters, noted out of the hot loop: kept in the loop, their dozen
   * variables would not fit in registers and the loop over prose would pay for them on every character.
   */
  private static final class RareEvents {
    private final int minClusterDigits;
    private final IntList foldCandidates = new IntList();
    private final IntList runStarts = new IntList();
    private final IntList escapeStarts = new IntList();
    private final IntList clusters = new IntList();
    private final IntList digitsInWords = new IntList();
    private final IntList underscores = new IntList();
    private int digits;
    private int clusterStart = -1;
    private int clusterDigits;
    private int lastDigit = -3;
    private boolean beyondAscii;

    RareEvents(int minClusterDigits) {
      this.minClusterDigits = minClusterDigits;
    }

    void note(char[] chars, int n, int i, int kind, boolean runStart) {
      beyondAscii |= (kind & BEYOND_ASCII) != 0;
      if ((kind & MAY_FOLD) != 0) {
        foldCandidates.add(i);
      }
      if (runStart) {
        runStarts.add(i + 1 - MIN_RUN);
      }
      if ((kind & ESCAPE) != 0) {
        escapeStarts.add(i);
      }
      if ((kind & UNDERSCORE) != 0) {
        underscores.add(i);
      }
      if ((kind & DIGIT) != 0) {
        digits++;
        // a digit with a letter beside it: "v2" and "sha256" have one, leetspeak ("1gn0r3") several
        if ((i > 0 && (KIND[chars[i - 1]] & LETTER) != 0) || (i + 1 < n && (KIND[chars[i + 1]] & LETTER) != 0)) {
          digitsInWords.add(i);
        }
        // a cluster: digits separated by at most one other character (1.2.3.4, 415-555-2671, 4111 1111)
        if (i - lastDigit > 2) {
          endCluster();
          clusterStart = i;
          clusterDigits = 0;
        }
        clusterDigits++;
        lastDigit = i;
      }
    }

    private void endCluster() {
      if (clusterStart >= 0 && clusterDigits >= minClusterDigits) {
        clusters.add(clusterStart, clusterDigits);
      }
    }

    TextShape shape(int letterSpaced) {
      endCluster();
      return new TextShape(digits, clusters, escapeStarts, runStarts, letterSpaced, foldCandidates, beyondAscii, digitsInWords, underscores);
    }
  }

  /** Ints appended in order, kept up to {@link #MAX_KEPT}; past that only counted. */
  private static final class IntList {
    private int[] values;
    private int size;
    private boolean overflowed;

    void add(int value) {
      if (size >= MAX_KEPT) {
        overflowed = true;
        return;
      }
      if (values == null) {
        values = new int[16];
      } else if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    void add(int first, int second) {
      add(first);
      add(second);
    }

    boolean isEmpty() {
      return size == 0 && !overflowed;
    }

    /** The values, or null when some were not kept. */
    int[] values() {
      return overflowed ? null : values == null ? new int[0] : Arrays.copyOf(values, size);
    }
  }

  public int digits() {
    return digits;
  }

  /**
   * Pairs (start index, digit count) of the digit clusters: digits separated by at most one other
   * character; null when there were too many to keep.
   */
  public int[] digitClusters() {
    return digitClusters.values();
  }

  /** Whether there are at least two characters that can start an escape (%, &amp;, backslash). */
  boolean mayHaveEscapes() {
    return escapeStarts.size >= 2 || escapeStarts.overflowed;
  }

  /** Where the characters that can start an escape are, ascending; null when there were too many to keep. */
  int[] escapeStarts() {
    return escapeStarts.values();
  }

  /** Whether some run of base64 characters is long enough to decode. */
  boolean hasLongRuns() {
    return !runStarts.isEmpty();
  }

  /** Where the long runs start, ascending; null when there were too many to keep (the decoder then looks itself). */
  int[] longRunStarts() {
    return runStarts.values();
  }

  /** Whether the text has a non-ASCII character other than plain punctuation: one the normalised view may fold. */
  boolean mayFold() {
    return !foldCandidates.isEmpty();
  }

  /** Where those characters are, ascending; null when there were too many to keep. */
  int[] foldCandidates() {
    return foldCandidates.values();
  }

  /** Whether some character is outside ASCII (plain punctuation included). */
  public boolean beyondAscii() {
    return beyondAscii;
  }

  /** Whether some word could be leetspeak: at least two digits sit next to letters ({@link LeetFolder} decides per word). */
  public boolean mayBeLeet() {
    return digitsInWords.size >= LeetFolder.MIN_DIGITS || digitsInWords.overflowed;
  }

  /** Where those digits are, ascending; null when there were too many to keep. */
  public int[] digitsBesideLetters() {
    return digitsInWords.values();
  }

  /** Whether some word could be an identifier of several parts ({@link IdentifierSplitter} decides). */
  public boolean mayHaveIdentifiers() {
    return underscores.size >= IdentifierSplitter.MIN_PARTS - 1 || underscores.overflowed;
  }

  /** Where the underscores are, ascending; null when there were too many to keep. */
  public int[] underscores() {
    return underscores.values();
  }

  /** Whether there could be a letter-spaced word: four single letters, one spacer apart. */
  boolean mayBeLetterSpaced() {
    return letterSpaced > 0;
  }
}
