package dev.palisade.detection.prefilter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Aho-Corasick over every rule keyword at once, compiled to a dense DFA over character classes,
 * case-insensitive and blind to the length of whitespace runs (a keyword "note to" also occurs in
 * "note&nbsp;&nbsp;to" and across a line break). One pass over the text tells which rules can match, so the cost of text that
 * matches nothing does not grow with the number of rules; the same pass counts digits for numeric
 * rules.
 *
 * <p>Written here rather than taken from a library: the Java Aho-Corasick libraries keep transitions
 * in boxed maps and allocate per hit, which is an order of magnitude below the throughput target.
 */
public final class KeywordAutomaton {
  private final char[] classOf;
  private final int classes;
  private final int[] delta;
  private final int[][] outputs;
  private final int ruleCount;
  /** The class of every whitespace character; a run of whitespace counts as one space, as in keywords. */
  private final int spaceClass;

  /** @param keywordsByRule keywords of rule {@code i} at index {@code i} (may be empty) */
  public KeywordAutomaton(List<List<String>> keywordsByRule) {
    this.ruleCount = keywordsByRule.size();
    Map<Character, Character> alphabet = new HashMap<>();
    List<String> keywords = new ArrayList<>();
    List<Integer> owners = new ArrayList<>();
    for (int rule = 0; rule < keywordsByRule.size(); rule++) {
      for (String keyword : keywordsByRule.get(rule)) {
        String lower = canonical(keyword.toLowerCase(Locale.ROOT).replaceAll("\\s+", " "));
        keywords.add(lower);
        owners.add(rule);
        for (char c : lower.toCharArray()) {
          alphabet.computeIfAbsent(c, k -> (char) (alphabet.size() + 1));
        }
      }
    }
    this.classes = alphabet.size() + 1;
    this.classOf = new char[Character.MAX_VALUE + 1];
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      Character cls = alphabet.get(canonical((char) c));
      classOf[c] = cls == null ? 0 : cls;
    }
    this.spaceClass = alphabet.containsKey(' ') ? alphabet.get(' ') : -1;
    // trie
    List<int[]> gotoTable = new ArrayList<>();
    List<Set<Integer>> out = new ArrayList<>();
    gotoTable.add(newRow());
    out.add(new LinkedHashSet<>());
    for (int k = 0; k < keywords.size(); k++) {
      int state = 0;
      for (char c : keywords.get(k).toCharArray()) {
        int cls = classOf[c];
        int next = gotoTable.get(state)[cls];
        if (next <= 0) {
          next = gotoTable.size();
          gotoTable.add(newRow());
          out.add(new LinkedHashSet<>());
          gotoTable.get(state)[cls] = next;
        }
        state = next;
      }
      out.get(state).add(owners.get(k));
    }
    int states = gotoTable.size();
    int[] delta = new int[states * classes];
    int[] fail = new int[states];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int cls = 0; cls < classes; cls++) {
      int next = gotoTable.get(0)[cls];
      if (next > 0) {
        delta[cls] = next;
        fail[next] = 0;
        queue.add(next);
      }
    }
    while (!queue.isEmpty()) {
      int state = queue.poll();
      out.get(state).addAll(out.get(fail[state]));
      for (int cls = 0; cls < classes; cls++) {
        int next = gotoTable.get(state)[cls];
        if (next > 0) {
          fail[next] = delta[fail[state] * classes + cls];
          delta[state * classes + cls] = next;
          queue.add(next);
        } else {
          delta[state * classes + cls] = delta[fail[state] * classes + cls];
        }
      }
    }
    // Renumber states breadth-first so the shallow states, where text that matches nothing spends
    // its time, sit together at the start of the table.
    int[] order = breadthFirst(gotoTable, classes);
    int[] renamed = new int[states];
    for (int i = 0; i < states; i++) {
      renamed[order[i]] = i;
    }
    int[] table = new int[states * classes];
    this.outputs = new int[states][];
    for (int i = 0; i < states; i++) {
      int old = order[i];
      Set<Integer> found = out.get(old);
      outputs[i] = found.isEmpty() ? null : found.stream().mapToInt(Integer::intValue).toArray();
    }
    // The scan loop follows premultiplied row offsets, negated when the target state has output,
    // so one load per character decides both the next state and whether anything matched.
    for (int i = 0; i < states; i++) {
      int old = order[i];
      for (int cls = 0; cls < classes; cls++) {
        int target = renamed[delta[old * classes + cls]];
        table[i * classes + cls] = outputs[target] == null ? target * classes : -(target * classes) - 1;
      }
    }
    this.delta = table;
  }

  private static int[] breadthFirst(List<int[]> gotoTable, int classes) {
    int[] order = new int[gotoTable.size()];
    int size = 0;
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    queue.add(0);
    while (!queue.isEmpty()) {
      int state = queue.poll();
      order[size++] = state;
      for (int cls = 0; cls < classes; cls++) {
        int next = gotoTable.get(state)[cls];
        if (next > 0) {
          queue.add(next);
        }
      }
    }
    return order;
  }

  /**
   * The character the automaton sees for {@code c}: lower case, any whitespace as a space, and each
   * family of invisible characters as one representative (surrogate halves, format characters,
   * private use, variation selectors), so hidden-text keywords cost a handful of classes, not hundreds.
   * The regexes see the real characters.
   */
  static char canonical(char c) {
    if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
      return ' ';
    }
    if (Character.isHighSurrogate(c)) {
      return '\uD800';
    }
    if (Character.isLowSurrogate(c)) {
      return '\uDC00';
    }
    if (c >= '\uFE00' && c <= '\uFE0F') {
      return '\uFE00';
    }
    if (c >= '\uE000' && c <= '\uF8FF') {
      return '\uE000';
    }
    if (Character.getType(c) == Character.FORMAT) {
      return '\u200B';
    }
    return Character.toLowerCase(c);
  }

  private static String canonical(String keyword) {
    StringBuilder out = new StringBuilder(keyword.length());
    for (int i = 0; i < keyword.length(); i++) {
      out.append(canonical(keyword.charAt(i)));
    }
    return out.toString();
  }

  private int[] newRow() {
    int[] row = new int[classes];
    Arrays.fill(row, -1);
    return row;
  }

  public int ruleCount() {
    return ruleCount;
  }

  public int states() {
    return outputs.length;
  }

  /**
   * One pass over {@code text}: where each rule's keywords end, and where clusters of digits are. Positions
   * are capped per rule; past the cap the rule is marked to run on the whole text.
   */
  public Hits scan(String text) {
    int[][] positions = null;
    int[] counts = null;
    int[] digitStarts = null;
    int digitRuns = 0;
    int digits = 0;
    int row = 0;
    final int k = classes;
    final int[] table = delta;
    final char[] map = classOf;
    final int space = spaceClass;
    boolean previousSpace = false;
    int clusterStart = -1;
    int clusterDigits = 0;
    int lastDigit = -2;
    final int n = text.length();
    final char[] chars = chars(n);
    text.getChars(0, n, chars, 0); // one bulk copy: the loop then reads an array, no per-character String checks
    for (int i = 0; i < n; i++) {
      char c = chars[i];
      if (c <= '9' && c >= '0') {
        digits++;
        // a cluster: digits separated by at most one other character (1.2.3.4, 415-555-2671, 4111 1111)
        if (i - lastDigit > 2) {
          if (clusterStart >= 0) {
            if (digitStarts == null) {
              digitStarts = new int[32];
            }
            if (digitRuns >= MAX_POSITIONS * 2) {
              digitRuns = Integer.MAX_VALUE;
            } else if (digitRuns != Integer.MAX_VALUE) {
              if (digitRuns + 2 > digitStarts.length) {
                digitStarts = Arrays.copyOf(digitStarts, digitStarts.length * 2);
              }
              digitStarts[digitRuns++] = clusterStart;
              digitStarts[digitRuns++] = clusterDigits;
            }
          }
          clusterStart = i;
          clusterDigits = 0;
        }
        clusterDigits++;
        lastDigit = i;
      }
      int cls = map[c];
      if (cls == space && previousSpace) {
        continue;
      }
      previousSpace = cls == space;
      int next = table[row + cls];
      if (next >= 0) {
        row = next;
        continue;
      }
      row = -next - 1;
      int[] hit = outputs[row / k];
      {
        if (positions == null) {
          positions = new int[ruleCount][];
          counts = new int[ruleCount];
        }
        for (int rule : hit) {
          int count = counts[rule];
          if (count < 0) {
            continue;
          }
          int[] list = positions[rule];
          if (list == null) {
            list = positions[rule] = new int[4];
          } else if (count == list.length) {
            if (count >= MAX_POSITIONS) {
              counts[rule] = -1;
              continue;
            }
            list = positions[rule] = Arrays.copyOf(list, count * 2);
          }
          list[count] = i;
          counts[rule] = count + 1;
        }
      }
    }
    if (clusterStart >= 0 && digitRuns != Integer.MAX_VALUE) {
      if (digitStarts == null) {
        digitStarts = new int[2];
      } else if (digitRuns + 2 > digitStarts.length) {
        digitStarts = Arrays.copyOf(digitStarts, digitRuns + 2);
      }
      digitStarts[digitRuns++] = clusterStart;
      digitStarts[digitRuns++] = clusterDigits;
    }
    return new Hits(positions, counts, digitStarts, digitRuns, digits);
  }

  private static final int MAX_RETAINED_BUFFER = 1 << 20;
  private static final ThreadLocal<char[]> BUFFER = ThreadLocal.withInitial(() -> new char[4096]);

  /** A per-thread scratch array of at least {@code n} characters (large ones are not kept). */
  private static char[] chars(int n) {
    char[] buffer = BUFFER.get();
    if (buffer.length >= n) {
      return buffer;
    }
    buffer = new char[Math.max(n, buffer.length * 2)];
    if (buffer.length <= MAX_RETAINED_BUFFER) {
      BUFFER.set(buffer);
    }
    return buffer;
  }

  /** Beyond this many keyword occurrences (or digit runs) a rule simply runs on the whole text. */
  public static final int MAX_POSITIONS = 1024;

  /**
   * The result of one prefilter pass.
   *
   * @param positions per rule, the indices where one of its keywords ends (ascending), or null
   * @param counts per rule, how many positions; -1 when there were too many to keep
   * @param digitStarts pairs (start index, digit count) of digit clusters: digits separated by at most one other character
   * @param digitRuns length of {@code digitStarts} in use; {@code Integer.MAX_VALUE} when there were too many to keep
   * @param digits how many ASCII digits in total
   */
  public record Hits(int[][] positions, int[] counts, int[] digitStarts, int digitRuns, int digits) {
    public boolean hit(int rule) {
      return counts != null && counts[rule] != 0;
    }

    public boolean any() {
      return counts != null;
    }
  }
}
