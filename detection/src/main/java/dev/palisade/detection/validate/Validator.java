package dev.palisade.detection.validate;

/**
 * Code that confirms a regex match where structure or a checksum exists (Luhn, mod-97, ...), or
 * where the surrounding text decides (an emoji joiner is not hidden text).
 */
@FunctionalInterface
public interface Validator {
  /** Whether {@code text[start, end)} really is what the rule claims; {@code text} gives context. */
  boolean valid(CharSequence text, int start, int end);
}
