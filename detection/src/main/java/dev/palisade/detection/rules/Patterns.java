package dev.palisade.detection.rules;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * The one regex gateway: every detection regex is compiled here, on re2j, once, when its rule pack
 * loads. re2j runs in time linear in the input, so no rule and no input can backtrack
 * catastrophically.
 */
public final class Patterns {
  private Patterns() {}

  /** Compiles a rule regex; throws {@link PatternSyntaxException} with re2j's description. */
  public static Pattern compile(String regex) {
    return Pattern.compile(regex);
  }
}
