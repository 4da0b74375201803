package dev.palisade.policy;

import com.google.re2j.Pattern;

/**
 * A shell-style pattern ({@code *} any run of characters, {@code ?} one character, everything else
 * literal) compiled once to re2j, so matching is linear in the input whatever the pattern. The
 * shapes policies mostly use (a name, {@code prefix*}, {@code *suffix}, {@code *part*}) are
 * matched as plain string comparisons: globs are checked on every request.
 */
public final class Glob {
  private enum Shape { ANY, EXACT, PREFIX, SUFFIX, CONTAINS, REGEX }

  private final String text;
  /** Only for the shapes that need it. */
  private final Pattern pattern;
  private final Shape shape;
  /** The pattern without its leading and trailing stars, for the plain shapes. */
  private final String literal;

  private Glob(String text) {
    this.text = text;
    boolean leading = text.startsWith("*");
    boolean trailing = text.length() > 1 && text.endsWith("*");
    String inner = text.substring(leading ? 1 : 0, text.length() - (trailing ? 1 : 0));
    this.literal = inner;
    if (inner.chars().allMatch(c -> c == '*')) {
      this.shape = Shape.ANY;
    } else if (inner.indexOf('*') >= 0 || inner.indexOf('?') >= 0) {
      this.shape = Shape.REGEX;
    } else {
      this.shape = leading && trailing ? Shape.CONTAINS : leading ? Shape.SUFFIX : trailing ? Shape.PREFIX : Shape.EXACT;
    }
    this.pattern = shape == Shape.REGEX ? regex(text) : null;
  }

  private static Pattern regex(String glob) {
    StringBuilder regex = new StringBuilder(glob.length() + 8);
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  public static Glob of(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("empty pattern");
    }
    return new Glob(text);
  }

  public boolean matches(String value) {
    if (value == null) {
      return false;
    }
    return switch (shape) {
      case ANY -> true;
      case EXACT -> value.equals(literal);
      case PREFIX -> value.startsWith(literal);
      case SUFFIX -> value.endsWith(literal);
      case CONTAINS -> value.contains(literal);
      case REGEX -> pattern.matches(value);
    };
  }

  @Override
  public String toString() {
    return text;
  }
}
