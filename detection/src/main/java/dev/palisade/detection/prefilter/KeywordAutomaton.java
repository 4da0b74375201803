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
 * case-insensitive. One pass over the text tells which rules can match, so the cost of text that
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

  /** @param keywordsByRule keywords of rule {@code i} at index {@code i} (may be empty) */
  public KeywordAutomaton(List<List<String>> keywordsByRule) {
    this.ruleCount = keywordsByRule.size();
    Map<Character, Character> alphabet = new HashMap<>();
    List<String> keywords = new ArrayList<>();
    List<Integer> owners = new ArrayList<>();
    for (int rule = 0; rule < keywordsByRule.size(); rule++) {
      for (String keyword : keywordsByRule.get(rule)) {
        String lower = keyword.toLowerCase(Locale.ROOT);
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
      Character cls = alphabet.get(Character.toLowerCase((char) c));
      classOf[c] = cls == null ? 0 : cls;
    }
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
    this.delta = new int[states * classes];
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
    this.outputs = new int[states][];
    for (int s = 0; s < states; s++) {
      outputs[s] = out.get(s).isEmpty() ? null : out.get(s).stream().mapToInt(Integer::intValue).toArray();
    }
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

  /** One pass over {@code text}: which rules' keywords occur, and how many ASCII digits. */
  public Hits scan(CharSequence text) {
    long[] bits = null;
    int digits = 0;
    int state = 0;
    final int k = classes;
    final int[] table = delta;
    final char[] map = classOf;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c <= '9' && c >= '0') {
        digits++;
      }
      state = table[state * k + map[c]];
      int[] hit = outputs[state];
      if (hit != null) {
        if (bits == null) {
          bits = new long[(ruleCount + 63) >>> 6];
        }
        for (int rule : hit) {
          bits[rule >>> 6] |= 1L << rule;
        }
      }
    }
    return new Hits(bits, digits);
  }

  /** The result of one prefilter pass. */
  public record Hits(long[] bits, int digits) {
    public boolean hit(int rule) {
      return bits != null && (bits[rule >>> 6] & (1L << rule)) != 0;
    }

    public boolean any() {
      return bits != null;
    }
  }
}
