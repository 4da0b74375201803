package dev.palisade.policy;

import com.google.re2j.Pattern;

/**
 * A shell-style pattern ({@code *} any run of characters, {@code ?} one character, everything else
 * literal) compiled once to re2j, so matching is linear in the input whatever the pattern.
 */
public final class Glob {
  private final String text;
  private final Pattern pattern;
  private final boolean any;

  private Glob(String text) {
    this.text = text;
    this.any = "*".equals(text);
    StringBuilder regex = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    this.pattern = Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  public static Glob of(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("empty pattern");
    }
    return new Glob(text);
  }

  public boolean matches(String value) {
    return value != null && (any || pattern.matches(value));
  }

  @Override
  public String toString() {
    return text;
  }
}
