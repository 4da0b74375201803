package dev.palisade.detection.validate;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.lang.UScript;
import java.util.Map;

/**
 * Context checks that tell hidden text from legitimate invisible characters: emoji joiners, flag
 * tag sequences, joiners in scripts that need them, and direction marks inside right-to-left text.
 */
final class HiddenTextValidators {
  private static final int CONTEXT = 32;

  private HiddenTextValidators() {}

  static Map<String, Validator> all() {
    return Map.of(
        "hidden_zero_width", HiddenTextValidators::zeroWidth,
        "hidden_tag_characters", HiddenTextValidators::tagCharacters,
        "hidden_bidi_control", HiddenTextValidators::bidiControl,
        "hidden_bidi_mark", (t, s, e) -> !rightToLeftNearby(t, s, e),
        "hidden_variation_selectors", HiddenTextValidators::variationSelectors);
  }

  /** Zero-width characters are hidden text unless they join emoji or letters of a script that uses joiners. */
  static boolean zeroWidth(CharSequence text, int start, int end) {
    if (start == 0 && end == 1 && text.charAt(0) == '\uFEFF') {
      return false; // byte order mark
    }
    int before = start > 0 ? Character.codePointBefore(text, start) : -1;
    int after = end < text.length() ? Character.codePointAt(text, end) : -1;
    boolean joinersOnly = true;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      joinersOnly &= c == '\u200D' || c == '\u200C';
    }
    if (joinersOnly && end - start == 1) {
      if (emojiContext(before) && emojiContext(after)) {
        return false;
      }
      if (joiningScript(before) || joiningScript(after)) {
        return false;
      }
    }
    if (end - start >= 3) {
      return true; // runs of invisible characters encode data
    }
    return before >= 0 && after >= 0 && Character.isLetterOrDigit(before) && Character.isLetterOrDigit(after);
  }

  private static boolean emojiContext(int codePoint) {
    return codePoint >= 0 && (UCharacter.hasBinaryProperty(codePoint, UProperty.EXTENDED_PICTOGRAPHIC)
        || UCharacter.hasBinaryProperty(codePoint, UProperty.EMOJI_MODIFIER)
        || UCharacter.hasBinaryProperty(codePoint, UProperty.EMOJI_COMPONENT)
        || codePoint == 0xFE0F);
  }

  private static boolean joiningScript(int codePoint) {
    if (codePoint < 0x0590) {
      return false;
    }
    int script = UScript.getScript(codePoint);
    return script != UScript.LATIN && script != UScript.COMMON && script != UScript.INHERITED
        && script != UScript.CYRILLIC && script != UScript.GREEK;
  }

  /** Tag characters are hidden text unless they spell a subdivision flag after U+1F3F4, ended by CANCEL TAG. */
  static boolean tagCharacters(CharSequence text, int start, int end) {
    int before = start > 0 ? Character.codePointBefore(text, start) : -1;
    int last = Character.codePointBefore(text, end);
    int count = Character.codePointCount(text, start, end);
    if (before == 0x1F3F4 && last == 0xE007F && count >= 3 && count <= 8) {
      for (int i = start; i < end; ) {
        int cp = Character.codePointAt(text, i);
        int ascii = cp - 0xE0000;
        if (cp != 0xE007F && !(ascii >= 'a' && ascii <= 'z') && !(ascii >= '0' && ascii <= '9')) {
          return true;
        }
        i += Character.charCount(cp);
      }
      return false;
    }
    return true;
  }

  /** Overrides are always suspect; embeddings and isolates only outside right-to-left text. */
  static boolean bidiControl(CharSequence text, int start, int end) {
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c == '\u202D' || c == '\u202E') {
        return true;
      }
    }
    return !rightToLeftNearby(text, start, end);
  }

  static boolean rightToLeftNearby(CharSequence text, int start, int end) {
    int from = Math.max(0, start - CONTEXT);
    int to = Math.min(text.length(), end + CONTEXT);
    for (int i = from; i < to; i++) {
      if (i >= start && i < end) {
        continue; // the controls themselves do not count as text
      }
      byte direction = Character.getDirectionality(text.charAt(i));
      if (direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT || direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC) {
        return true;
      }
    }
    return false;
  }

  /** One variation selector after an emoji or a CJK ideograph is normal; several in a row carry data. */
  static boolean variationSelectors(CharSequence text, int start, int end) {
    return Character.codePointCount(text, start, end) >= 2;
  }
}
