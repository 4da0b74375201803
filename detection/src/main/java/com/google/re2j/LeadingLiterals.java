package com.google.re2j;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Whether every match of a regex begins with one of a set of literals (a token format such as
 * {@code ghp_...} or {@code xoxb-...} begins with its keyword). A keyword hit then marks where such
 * a match would start, so the regex needs to look only forward from it, not as far back as a match
 * can be long. Read from re2j's package-private parse tree; when in doubt the answer is no.
 */
public final class LeadingLiterals {
  /** Most alternatives followed before giving up. */
  private static final int MAX_PREFIXES = 64;

  private LeadingLiterals() {}

  /** True if every match of {@code regex} starts with one of {@code literals}, compared case-insensitively. */
  public static boolean startWithOneOf(String regex, Collection<String> literals) {
    if (literals.isEmpty()) {
      return false;
    }
    Set<String> prefixes;
    try {
      prefixes = prefixes(Parser.parse(regex, RE2.PERL));
    } catch (PatternSyntaxException e) {
      return false;
    }
    if (prefixes == null) {
      return false;
    }
    for (String prefix : prefixes) {
      if (literals.stream().noneMatch(literal -> prefix.startsWith(literal.toLowerCase(Locale.ROOT)))) {
        return false;
      }
    }
    return true;
  }

  /** Lower-case strings one of which every match begins with, or null when unknown. */
  private static Set<String> prefixes(Regexp re) {
    switch (re.op) {
      case LITERAL: {
        StringBuilder text = new StringBuilder();
        for (int rune : re.runes) {
          text.appendCodePoint(Character.toLowerCase(rune));
        }
        return Set.of(text.toString());
      }
      case CAPTURE:
        return prefixes(re.subs[0]);
      case PLUS:
        return prefixes(re.subs[0]);
      case REPEAT:
        return re.min >= 1 ? prefixes(re.subs[0]) : null;
      case CONCAT: {
        // exact pieces in front join up (gh + [op] + _ reads ghp_ or gho_); the first inexact one ends the prefix
        Set<String> joined = Set.of("");
        for (Regexp sub : re.subs) {
          if (emptyWidth(sub)) {
            continue;
          }
          Set<String> exact = exact(sub);
          Set<String> next = product(joined, exact != null ? exact : prefixes(sub));
          if (next == null) {
            break;
          }
          joined = next;
          if (exact == null) {
            break;
          }
        }
        return joined.contains("") ? null : joined;
      }
      case ALTERNATE: {
        Set<String> all = new LinkedHashSet<>();
        for (Regexp sub : re.subs) {
          Set<String> some = prefixes(sub);
          if (some == null || all.size() + some.size() > MAX_PREFIXES) {
            return null;
          }
          all.addAll(some);
        }
        return all;
      }
      default:
        return null;
    }
  }

  /** The strings {@code re} matches, lower case, when it matches only a few fixed ones; else null. */
  private static Set<String> exact(Regexp re) {
    switch (re.op) {
      case LITERAL:
        return prefixes(re);
      case CHAR_CLASS: {
        Set<String> chars = new LinkedHashSet<>();
        for (int i = 0; i < re.runes.length; i += 2) {
          if (re.runes[i + 1] - re.runes[i] > 4) {
            return null;
          }
          for (int rune = re.runes[i]; rune <= re.runes[i + 1]; rune++) {
            chars.add(new String(Character.toChars(Character.toLowerCase(rune))));
          }
        }
        return chars.isEmpty() || chars.size() > 8 ? null : chars;
      }
      case CAPTURE:
        return exact(re.subs[0]);
      case ALTERNATE: {
        Set<String> all = new LinkedHashSet<>();
        for (Regexp sub : re.subs) {
          Set<String> some = exact(sub);
          if (some == null) {
            return null;
          }
          all.addAll(some);
        }
        return all.size() > MAX_PREFIXES ? null : all;
      }
      case CONCAT: {
        Set<String> joined = Set.of("");
        for (Regexp sub : re.subs) {
          joined = emptyWidth(sub) ? joined : product(joined, exact(sub));
          if (joined == null) {
            return null;
          }
        }
        return joined;
      }
      default:
        return null;
    }
  }

  /** Every string of {@code heads} followed by every string of {@code tails}; null when either is null or the product too large. */
  private static Set<String> product(Set<String> heads, Set<String> tails) {
    if (heads == null || tails == null || heads.size() * tails.size() > MAX_PREFIXES) {
      return null;
    }
    Set<String> out = new LinkedHashSet<>();
    for (String head : heads) {
      for (String tail : tails) {
        out.add(head + tail);
      }
    }
    return out;
  }

  private static boolean emptyWidth(Regexp re) {
    switch (re.op) {
      case BEGIN_LINE:
      case BEGIN_TEXT:
      case WORD_BOUNDARY:
      case NO_WORD_BOUNDARY:
        return true;
      default:
        return false;
    }
  }
}
