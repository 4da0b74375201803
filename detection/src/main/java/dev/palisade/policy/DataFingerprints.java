package dev.palisade.policy;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Salted 64-bit fingerprints of the data-like words in a text (e-mail addresses, phone and account
 * numbers, ids: words with a digit or an {@code @}), so a session can remember what private data it
 * has seen and recognise it leaving again without keeping the data itself. Plain words are left out
 * on purpose: "customer" in a database answer and in an e-mail body is not the same data leaving.
 * Words shorter than {@link #MIN_WORD} characters say too little to count.
 *
 * <p>The salt can be replaced while running (a sidecar switches to its namespace's salt when the
 * operator delivers it, so fingerprints match across the servers of an agent); fingerprints taken
 * before the switch no longer match after it.
 */
public final class DataFingerprints {
  static final int MIN_WORD = 6;
  private volatile long salt;

  public DataFingerprints(long salt) {
    this.salt = salt;
  }

  /** Fingerprints with {@code newSalt} from now on. */
  public void useSalt(long newSalt) {
    this.salt = newSalt;
  }

  /** Fingerprints of the distinct words of {@code text}, at most {@code limit} of them. */
  public Set<Long> of(CharSequence text, int limit) {
    long key = salt; // one salt for the whole text, even while it is being replaced
    Set<Long> prints = new LinkedHashSet<>();
    int start = -1;
    for (int i = 0; i <= text.length() && prints.size() < limit; i++) {
      boolean wordChar = i < text.length() && isWordChar(text.charAt(i));
      if (wordChar && start < 0) {
        start = i;
      } else if (!wordChar && start >= 0) {
        if (i - start >= MIN_WORD && dataLike(text, start, i)) {
          prints.add(hash(key, text, start, i));
        }
        start = -1;
      }
    }
    return prints;
  }

  private static boolean dataLike(CharSequence text, int start, int end) {
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c == '@' || Character.isDigit(c)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '@' || c == '.' || c == '_' || c == '-' || c == '+';
  }

  private static long hash(long key, CharSequence text, int start, int end) {
    long h = key ^ 0x9E3779B97F4A7C15L;
    for (int i = start; i < end; i++) {
      h ^= Character.toLowerCase(text.charAt(i));
      h *= 0x100000001B3L;
      h ^= h >>> 29;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }
}
