package com.google.re2j;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The literals a regex cannot match without: groups of lower-case strings such that every match of
 * the regex contains at least one string of each group (a conjunction of disjunctions, as RE2's own
 * prefilter computes). Read from re2j's parse tree, which is package-private, hence this package.
 * The analysis only ever under-approximates what a match needs: when in doubt a node requires
 * nothing, so skipping a regex because a group is absent can never lose a match.
 *
 * <p>Case is folded (lower case) whatever the regex says: the caller looks the groups up with a
 * case-insensitive automaton, which only finds more occurrences, never fewer.
 */
public final class RequiredLiterals {
  /**
   * Shortest literal worth a group (spaces not counted): "the", "all" or "." occur every few
   * characters of prose, so a group holding one costs a prefilter hit each time and rules out nothing.
   */
  private static final int MIN_LITERAL = 4;
  /** Most strings an exact set (a cross product of alternatives) may hold before it is cut. */
  private static final int MAX_EXACT = 24;
  /** Most groups kept per regex. */
  private static final int MAX_GROUPS = 4;

  /** Groups whose shortest literal is shorter than this are not kept. */
  private final int minLiteral;

  private RequiredLiterals(int minLiteral) {
    this.minLiteral = minLiteral;
  }

  /** Groups for {@code regex} (re2j syntax, Perl flags as {@link Pattern#compile(String)} uses); empty when none is known. */
  public static List<Set<String>> of(String regex) {
    List<Set<String>> groups = new RequiredLiterals(MIN_LITERAL).groups(regex);
    // the most selective first: longest shortest literal
    groups.sort((a, b) -> Integer.compare(shortest(b), shortest(a)));
    return groups.size() > MAX_GROUPS ? List.copyOf(groups.subList(0, MAX_GROUPS)) : List.copyOf(groups);
  }

  /**
   * Whether every match of {@code regex} contains one of {@code keywords} (as a case-insensitive
   * automaton finds them): some group of required literals, short ones included, has each of its
   * literals contain a keyword. False when that cannot be shown.
   */
  public static boolean everyMatchContainsOneOf(String regex, List<String> keywords) {
    for (Set<String> group : new RequiredLiterals(1).groups(regex)) {
      boolean covered = true;
      for (String literal : group) {
        covered &= keywords.stream().anyMatch(keyword -> !keyword.isEmpty() && literal.contains(keyword.toLowerCase(Locale.ROOT)));
      }
      if (covered) {
        return true;
      }
    }
    return false;
  }

  private List<Set<String>> groups(String regex) {
    Regexp tree;
    try {
      tree = Parser.parse(regex, RE2.PERL);
    } catch (PatternSyntaxException e) {
      return new ArrayList<>();
    }
    Info info = analyse(tree);
    List<Set<String>> groups = new ArrayList<>(info.required);
    if (info.exact != null) {
      addGroup(groups, info.exact);
    }
    return groups;
  }

  /** What a node matches: exactly one of {@code exact} when not null, and in any case one string of each required group. */
  private record Info(Set<String> exact, List<Set<String>> required) {
    static Info nothing() {
      return new Info(null, List.of());
    }

    static Info exactly(Set<String> strings) {
      return new Info(strings, List.of());
    }
  }

  private Info analyse(Regexp re) {
    switch (re.op) {
      case LITERAL: {
        StringBuilder text = new StringBuilder();
        for (int rune : re.runes) {
          if (rune > Character.MAX_VALUE) {
            return Info.nothing();
          }
          text.append(Character.toLowerCase((char) rune));
        }
        return Info.exactly(Set.of(text.toString()));
      }
      case CHAR_CLASS: {
        Set<String> chars = new LinkedHashSet<>();
        for (int i = 0; i < re.runes.length; i += 2) {
          if (re.runes[i + 1] - re.runes[i] > 8 || re.runes[i + 1] > Character.MAX_VALUE) {
            return Info.nothing();
          }
          for (int rune = re.runes[i]; rune <= re.runes[i + 1]; rune++) {
            chars.add(String.valueOf(Character.toLowerCase((char) rune)));
            if (chars.size() > 4) {
              return Info.nothing();
            }
          }
        }
        return chars.isEmpty() ? Info.nothing() : Info.exactly(chars);
      }
      case EMPTY_MATCH:
      case BEGIN_LINE:
      case END_LINE:
      case BEGIN_TEXT:
      case END_TEXT:
      case WORD_BOUNDARY:
      case NO_WORD_BOUNDARY:
        return Info.exactly(Set.of(""));
      case CAPTURE:
        return analyse(re.subs[0]);
      case QUEST: {
        Info sub = analyse(re.subs[0]);
        if (sub.exact != null && sub.exact.size() < MAX_EXACT) {
          Set<String> strings = new LinkedHashSet<>(sub.exact);
          strings.add("");
          return Info.exactly(strings);
        }
        return Info.nothing();
      }
      case STAR:
        return Info.nothing();
      case PLUS:
        return atLeastOnce(analyse(re.subs[0]));
      case REPEAT:
        return re.min <= 0 ? Info.nothing() : atLeastOnce(analyse(re.subs[0]));
      case CONCAT:
        return concat(re.subs);
      case ALTERNATE:
        return alternate(re.subs);
      default:
        return Info.nothing(); // any character, no match, and parser-only ops
    }
  }

  private Info atLeastOnce(Info sub) {
    List<Set<String>> required = new ArrayList<>(sub.required);
    if (sub.exact != null) {
      addGroup(required, sub.exact);
    }
    return new Info(null, required);
  }

  private Info concat(Regexp[] subs) {
    List<Set<String>> required = new ArrayList<>();
    Set<String> current = Set.of("");
    boolean allExact = true;
    for (Regexp sub : subs) {
      Info info = analyse(sub);
      if (info.exact != null) {
        Set<String> product = cross(current, info.exact);
        if (product == null) {
          addGroup(required, current);
          allExact = false;
          current = info.exact;
        } else {
          current = product;
        }
        continue;
      }
      allExact = false;
      addGroup(required, current);
      required.addAll(info.required);
      current = Set.of("");
    }
    if (allExact) {
      return Info.exactly(current);
    }
    addGroup(required, current);
    return new Info(null, required);
  }

  private Info alternate(Regexp[] subs) {
    Set<String> exact = new LinkedHashSet<>();
    Set<String> union = new LinkedHashSet<>();
    boolean allExact = true;
    boolean allRequire = true;
    for (Regexp sub : subs) {
      Info info = analyse(sub);
      if (info.exact != null) {
        exact.addAll(info.exact);
      } else {
        allExact = false;
      }
      Set<String> best = best(info);
      if (best == null) {
        allRequire = false;
      } else {
        union.addAll(best);
      }
    }
    if (allExact && exact.size() <= MAX_EXACT) {
      return Info.exactly(exact);
    }
    if (allRequire) {
      return new Info(null, List.of(minimal(union)));
    }
    return Info.nothing();
  }

  /** The most selective group a node requires, counting its exact set; null when none. */
  private Set<String> best(Info info) {
    List<Set<String>> candidates = new ArrayList<>(info.required);
    if (info.exact != null) {
      addGroup(candidates, info.exact);
    }
    Set<String> best = null;
    for (Set<String> group : candidates) {
      if (best == null || shortest(group) > shortest(best)) {
        best = group;
      }
    }
    return best;
  }

  private static Set<String> cross(Set<String> left, Set<String> right) {
    if ((long) left.size() * right.size() > MAX_EXACT) {
      return null;
    }
    Set<String> out = new LinkedHashSet<>();
    for (String a : left) {
      for (String b : right) {
        out.add(a + b);
      }
    }
    return out;
  }

  /** Adds {@code strings} as a group when every string is long enough to be worth looking for. */
  private void addGroup(List<Set<String>> groups, Set<String> strings) {
    if (strings.isEmpty() || shortest(strings) < minLiteral) {
      return;
    }
    Set<String> group = minimal(strings);
    if (!groups.contains(group)) {
      groups.add(group);
    }
  }

  /** Drops strings that contain another string of the set: finding the shorter one is enough. */
  private static Set<String> minimal(Set<String> strings) {
    Set<String> out = new LinkedHashSet<>();
    for (String s : strings) {
      boolean redundant = false;
      for (String t : strings) {
        if (!t.equals(s) && s.contains(t)) {
          redundant = true;
          break;
        }
      }
      if (!redundant) {
        out.add(s.toLowerCase(Locale.ROOT));
      }
    }
    return Set.copyOf(out);
  }

  private static int shortest(Set<String> strings) {
    int min = Integer.MAX_VALUE;
    for (String s : strings) {
      min = Math.min(min, s.strip().length());
    }
    return min;
  }
}
