package dev.palisade.inspection;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns matched values into {@link Evidence}. Sensitive values are masked down to a short prefix
 * hint; everything is hashed with a per-installation salt, so a leaked report cannot be reversed by
 * hashing guesses without the salt.
 *
 * <p>The salt can be replaced while running: a sidecar starts with a salt of its own and switches to
 * its namespace's salt when the operator delivers it, so that the sidecars of a namespace hash the
 * same value the same way (cross-server session taint, comparable evidence).
 */
public final class EvidenceFactory {
  private static final int MAX_EXCERPT = 96;
  private volatile SecretKeySpec key;

  public EvidenceFactory(byte[] salt) {
    this.key = keyOf(salt);
  }

  /** Hashes with {@code salt} from now on. */
  public void useSalt(byte[] salt) {
    this.key = keyOf(salt);
  }

  private static SecretKeySpec keyOf(byte[] salt) {
    if (salt.length < 16) {
      throw new IllegalArgumentException("evidence salt must be at least 16 bytes");
    }
    return new SecretKeySpec(salt.clone(), "HmacSHA256");
  }

  public Evidence of(Category category, CharSequence value) {
    String text = value.toString();
    String excerpt = category.sensitive() ? mask(text) : shorten(text);
    return new Evidence(excerpt, hash(text));
  }

  /** Salted hash of a value, for correlation without storage (session taint, dedup). */
  public String hash(String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
    }
  }

  /**
   * Keeps at most a quarter of the value, capped at four leading characters (enough to tell an
   * {@code AKIA} key from a {@code ghp_} token), and replaces the rest with its length.
   */
  static String mask(String value) {
    int keep = Math.min(4, value.length() / 4);
    return value.substring(0, keep) + "*".repeat(Math.min(8, value.length() - keep)) + "(" + value.length() + ")";
  }

  static String shorten(String value) {
    StringBuilder oneLine = new StringBuilder(Math.min(value.length(), MAX_EXCERPT + 1));
    boolean space = false;
    for (int i = 0; i < value.length() && oneLine.length() <= MAX_EXCERPT; i++) {
      char c = value.charAt(i);
      if (Character.isWhitespace(c)) {
        space = true;
        continue;
      }
      if (space && oneLine.length() > 0) {
        oneLine.append(' ');
      }
      space = false;
      oneLine.append(c);
    }
    return oneLine.length() <= MAX_EXCERPT ? oneLine.toString() : oneLine.substring(0, MAX_EXCERPT - 1) + "…";
  }
}
