package dev.palisade.detection.prefilter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Aho-Corasick over many literals at once, compiled to a dense DFA over character classes,
 * case-insensitive and blind to the length of whitespace runs (a literal "note to" also occurs in
 * "note&nbsp;&nbsp;to" and across a line break). One pass over the text tells which rules can match,
 * so the cost of text that matches nothing does not grow with the number of rules.
 *
 * <p>A DFA walk is bound by the latency of one table load per character, each depending on the
 * last. Long texts are therefore cut into {@link #STREAMS} pieces walked in one loop, so the loads of
 * different pieces overlap; each piece starts early enough (the longest literal, whitespace runs
 * counted once) to be in the right state where its own part begins.
 *
 * <p>Written here rather than taken from a library: the Java Aho-Corasick libraries keep transitions
 * in boxed maps and allocate per hit, which is an order of magnitude below the throughput target.
 */
public final class KeywordAutomaton {
  /** Pieces walked side by side; four covers the load latency on current x86 and ARM cores. */
  static final int STREAMS = 4;
  /** Shorter ranges are walked in one piece: the warm-up would cost more than the overlap gains. */
  private static final int MIN_INTERLEAVED = 2048;
  /** Steps of the interleaved walk whose output is noted in one buffer before it is handed out. */
  private static final int OUTPUT_BLOCK = 2048;
  /** Characters ORed together at a time to pass over ASCII text when looking for other characters. */
  private static final int ASCII_BLOCK = 128;

  /**
   * The literals written in ASCII, walked over every text. Literals with other characters (rules
   * for other scripts, invisible characters) live in {@link #wide}: each of their characters would
   * widen every row of this table by a class (190 instead of 82 classes: 2.3 times the memory the
   * walk's hot rows are spread over; the shipped rules' 281 such states have 146 classes of their
   * own), and they can only occur in a text that has a non-ASCII character, since no ASCII
   * character folds to one.
   */
  private final Table narrow;
  /** The literals with a character outside ASCII, walked only over texts that have one; null when there are none. */
  private final Table wide;
  /** Per output index of either table (the wide table's numbered after the narrow one's), the atoms that end there. */
  private final int[][] outputAtoms;
  private final int slotCount;
  /** Per slot, its atoms. */
  private final int[][] slotAtoms;
  /**
   * Per atom, the announced slots it belongs to: those {@link Hits#slotHit} lists. A common literal
   * ("user") belongs to a few keyword slots and dozens of others, asked about only by rules that are
   * already candidates; listing only announced slots keeps a short string's layout short.
   */
  private final int[][] atomAnnounced;

  /** @param literalsBySlot the literals reported as slot {@code i} at index {@code i} (may be empty); every slot is announced */
  public KeywordAutomaton(List<List<String>> literalsBySlot) {
    this(literalsBySlot, slot -> true);
  }

  /**
   * @param literalsBySlot the literals reported as slot {@code i} at index {@code i} (may be empty)
   * @param announced which slots {@link Hits#slotHit} lists when hit; the others are answered by {@link Hits#hit} and positions only
   */
  public KeywordAutomaton(List<List<String>> literalsBySlot, IntPredicate announced) {
    this.slotCount = literalsBySlot.size();
    // A literal shared by several slots ("user" is required by a dozen rules) is one atom: the walk
    // and the layout of positions pay for it once, and slots are answered from their atoms.
    Map<String, Integer> atomOf = new LinkedHashMap<>();
    List<String> literals = new ArrayList<>();
    this.slotAtoms = new int[slotCount][];
    List<List<Integer>> slotsOfAtom = new ArrayList<>();
    for (int slot = 0; slot < literalsBySlot.size(); slot++) {
      Set<Integer> mine = new LinkedHashSet<>();
      for (String literal : literalsBySlot.get(slot)) {
        String canonical = collapseSpaces(canonical(literal.toLowerCase(Locale.ROOT)));
        Integer atom = atomOf.get(canonical);
        if (atom == null) {
          atom = atomOf.size();
          atomOf.put(canonical, atom);
          literals.add(canonical);
          slotsOfAtom.add(new ArrayList<>());
        }
        if (mine.add(atom)) {
          slotsOfAtom.get(atom).add(slot);
        }
      }
      slotAtoms[slot] = toArray(mine);
    }
    this.atomAnnounced = new int[slotsOfAtom.size()][];
    for (int atom = 0; atom < atomAnnounced.length; atom++) {
      atomAnnounced[atom] = slotsOfAtom.get(atom).stream().mapToInt(Integer::intValue).filter(announced).toArray();
    }
    List<Integer> narrowAtoms = new ArrayList<>();
    List<Integer> wideAtoms = new ArrayList<>();
    for (int atom = 0; atom < literals.size(); atom++) {
      (literals.get(atom).chars().allMatch(c -> c < 0x80) ? narrowAtoms : wideAtoms).add(atom);
    }
    this.narrow = new Table(literals, narrowAtoms, 0);
    this.wide = wideAtoms.isEmpty() ? null : new Table(literals, wideAtoms, narrow.outputAtoms.length);
    this.outputAtoms = wide == null ? narrow.outputAtoms : concat(narrow.outputAtoms, wide.outputAtoms);
  }

  private static int[][] concat(int[][] first, int[][] second) {
    int[][] all = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }

  /** ASCII punctuation, rarest in prose, code and JSON first: the characters that may share a class. */
  private static final String RARE_PUNCTUATION = "~^|%;`&?!>=<@#$*+";
  /** Most characters that may share one class. */
  private static final int MAX_SHARED_PUNCTUATION = 4;

  /**
   * One DFA over a set of literals: its own character classes (only the characters its literals
   * use are told apart) and its own table.
   */
  private static final class Table {
    private final char[] classOf;
    private final int classes;
    /**
     * Rows are {@code 1 << shift} entries long, the class count rounded up to a power of two (62 ->
     * 64), so the next row is the state shifted rather than multiplied: one cycle instead of three
     * on the dependent chain of loads each step waits for.
     */
    private final int shift;
    /**
     * Per state and class, the next state. States are numbered silent ones first, so a state at or
     * above {@link #firstOutput} has output, {@code state - firstOutput + outputBase} being its index
     * into the automaton's output atoms. Sixteen bits per entry halve the table (the shipped
     * rules' ASCII literals: 28,560 states × 62 classes in rows of 64, 3.7 instead of 7.3 MB, the
     * engine's largest object); the shift from state to row costs about what the smaller table
     * saves in cache misses.
     */
    private final char[] delta;
    private final int firstOutput;
    private final int outputBase;
    /** Per output state of this table, the automaton's atoms that end there. */
    private final int[][] outputAtoms;
    private final int stateCount;
    private final int spaceClass;
    /** Longest literal in characters, whitespace runs counted once. */
    private final int longest;

    /** A table for the literals {@code atoms} of {@code literals}, its output indices starting at {@code outputBase}. */
    Table(List<String> literals, List<Integer> atoms, int outputBase) {
      this.outputBase = outputBase;
      // class of each canonical character that occurs in a literal, 0 for the rest
      char[] classOfCanonical = new char[Character.MAX_VALUE + 1];
      int alphabetSize = 0;
      int longestLiteral = 0;
      List<String> mine = new ArrayList<>(atoms.size());
      for (int atom : atoms) {
        String literal = literals.get(atom);
        mine.add(literal);
        longestLiteral = Math.max(longestLiteral, literal.length());
        for (int i = 0; i < literal.length(); i++) {
          if (classOfCanonical[literal.charAt(i)] == 0) {
            classOfCanonical[literal.charAt(i)] = (char) ++alphabetSize;
          }
        }
      }
      this.longest = longestLiteral;
      alphabetSize -= shareRarePunctuation(classOfCanonical, alphabetSize + 1);
      this.classes = alphabetSize + 1;
      this.shift = 32 - Integer.numberOfLeadingZeros(classes - 1);
      this.classOf = new char[Character.MAX_VALUE + 1];
      for (int c = 0; c <= Character.MAX_VALUE; c++) {
        classOf[c] = classOfCanonical[canonical((char) c)];
      }
      this.spaceClass = classOfCanonical[' '] != 0 ? classOfCanonical[' '] : -1;
      Trie trie = new Trie(mine, classOf, classes, spaceClass);
      this.stateCount = trie.states + trie.twinCount;
      if (stateCount > Character.MAX_VALUE + 1) {
        throw new IllegalArgumentException("too many keyword states for a 16-bit table: " + stateCount);
      }
      int[] number = trie.numbers();
      this.firstOutput = trie.silentCount();
      int[][] local = trie.outputsInNumberOrder(number);
      this.outputAtoms = new int[local.length][];
      for (int i = 0; i < local.length; i++) {
        outputAtoms[i] = new int[local[i].length];
        for (int k = 0; k < local[i].length; k++) {
          outputAtoms[i][k] = atoms.get(local[i][k]);
        }
      }
      this.delta = trie.table(number, 1 << shift);
    }

    /**
     * When the classes just exceed a power of two (65 would make rows of 128 entries, a table twice
     * the size for one class), gives the rarest punctuation its literals use one class between them,
     * renumbering the rest; returns how many classes that saved. "q~" then also finds "q%": only a
     * few more hits, and never one less, since the regexes decide.
     */
    private static int shareRarePunctuation(char[] classOfCanonical, int classes) {
      int excess = classes - Integer.highestOneBit(classes - 1);
      int[] used = RARE_PUNCTUATION.chars().filter(c -> classOfCanonical[c] != 0).toArray();
      if (excess > MAX_SHARED_PUNCTUATION - 1 || used.length < excess + 1) {
        return 0;
      }
      int shared = classOfCanonical[used[0]];
      boolean[] merged = new boolean[classes];
      for (int k = 1; k <= excess; k++) {
        merged[classOfCanonical[used[k]]] = true;
        classOfCanonical[used[k]] = (char) shared;
      }
      int[] renumbered = new int[classes];
      for (int cls = 1, next = 1; cls < classes; cls++) {
        renumbered[cls] = merged[cls] ? 0 : next++;
      }
      for (int c = 0; c < classOfCanonical.length; c++) {
        classOfCanonical[c] = (char) renumbered[classOfCanonical[c]];
      }
      return excess;
    }

    /** Walks {@code [from, to)} from the state at {@code row}, noting output at positions from {@code reportFrom} on. */
    void walk(char[] chars, int from, int to, int reportFrom, int row, Events events) {
      final char[] table = delta;
      final char[] map = classOf;
      final int shift = this.shift;
      final int first = firstOutput;
      final int base = outputBase - firstOutput;
      for (int i = from; i < to; i++) {
        int next = table[row + map[chars[i]]];
        row = next << shift;
        if (next >= first && i >= reportFrom) {
          events.add(i, next + base);
        }
      }
    }

    /**
     * Walks only the stretches of the text within reach of a character outside ASCII, for a table
     * whose every literal has one: an occurrence begins and ends within the longest literal's length
     * of such a character (whitespace runs counted once). A stretch ends that far past the last one
     * it met; the next starts at the root, or goes on from where the last ended if they touch.
     */
    void walkAroundNonAscii(char[] chars, int n, Events events) {
      final char[] table = delta;
      final char[] map = classOf;
      final int shift = this.shift;
      final int first = firstOutput;
      final int base = outputBase - firstOutput;
      int at = 0;
      int row = 0;
      for (int wide = nextNonAscii(chars, 0, n); wide >= 0; wide = nextNonAscii(chars, at, n)) {
        int from = warmUpStart(chars, wide + 1);
        if (from > at) {
          at = from;
          row = 0;
        }
        int since = 0;
        boolean lastWasSpace = false;
        while (at < n && since < longest) {
          char c = chars[at];
          int cls = map[c];
          int next = table[row + cls];
          row = next << shift;
          if (next >= first) {
            events.add(at, next + base);
          }
          boolean space = cls == spaceClass;
          since = c >= 0x80 ? 0 : space && lastWasSpace ? since : since + 1;
          lastWasSpace = space;
          at++;
        }
      }
    }

    /** The first character outside ASCII at or after {@code from}, or -1; blocks of ASCII are passed over by an OR. */
    private static int nextNonAscii(char[] chars, int from, int n) {
      for (int block = from; block < n; block += ASCII_BLOCK) {
        int end = Math.min(n, block + ASCII_BLOCK);
        int all = 0;
        for (int i = block; i < end; i++) {
          all |= chars[i];
        }
        if (all >= 0x80) {
          for (int i = block; i < end; i++) {
            if (chars[i] >= 0x80) {
              return i;
            }
          }
        }
      }
      return -1;
    }

    /**
     * Cuts the text into {@link #STREAMS} pieces and walks them side by side. Each piece starts early
     * enough to be in the right state where its own part begins, and notes output only from there;
     * the notes of the pieces, each in order, are then joined in order.
     */
    void walkInterleaved(char[] chars, int n, Events events, Events[] notes, int[] outputSteps) {
      int piece = n / STREAMS;
      int[] reportFrom = new int[STREAMS];
      int[] starts = new int[STREAMS];
      int[] ends = new int[STREAMS];
      for (int s = 0; s < STREAMS; s++) {
        reportFrom[s] = s * piece;
        ends[s] = s == STREAMS - 1 ? n : reportFrom[s] + piece;
        starts[s] = warmUpStart(chars, reportFrom[s]);
      }
      for (Events note : notes) {
        note.clear();
      }
      final char[] table = delta;
      final char[] map = classOf;
      final int shift = this.shift;
      final int first = firstOutput;
      final int p0 = starts[0];
      final int p1 = starts[1];
      final int p2 = starts[2];
      final int p3 = starts[3];
      int r0 = 0;
      int r1 = 0;
      int r2 = 0;
      int r3 = 0;
      int steps = Math.min(Math.min(ends[0] - p0, ends[1] - p1), Math.min(ends[2] - p2, ends[3] - p3));
      for (int blockStart = 0; blockStart < steps; blockStart += OUTPUT_BLOCK) {
        int blockEnd = Math.min(steps, blockStart + OUTPUT_BLOCK);
        int noted = 0;
        for (int k = blockStart; k < blockEnd; k++) {
          int n0 = table[r0 + map[chars[p0 + k]]];
          int n1 = table[r1 + map[chars[p1 + k]]];
          int n2 = table[r2 + map[chars[p2 + k]]];
          int n3 = table[r3 + map[chars[p3 + k]]];
          r0 = n0 << shift;
          r1 = n1 << shift;
          r2 = n2 << shift;
          r3 = n3 << shift;
          if ((n0 | n1 | n2 | n3) >= first) { // the OR is at least the largest of them: some has output
            // only noted here: adding to four lists in the loop costs it registers and branches
            outputSteps[noted] = k;
            outputSteps[noted + 1] = n0;
            outputSteps[noted + 2] = n1;
            outputSteps[noted + 3] = n2;
            outputSteps[noted + 4] = n3;
            noted += 1 + STREAMS;
          }
        }
        for (int i = 0; i < noted; i += 1 + STREAMS) {
          int k = outputSteps[i];
          for (int s = 0; s < STREAMS; s++) {
            int state = outputSteps[i + 1 + s];
            if (state >= first) {
              notes[s].add(starts[s] + k, state - firstOutput + outputBase);
            }
          }
        }
      }
      int[] rows = {r0, r1, r2, r3};
      for (int s = 0; s < STREAMS; s++) {
        walk(chars, starts[s] + steps, ends[s], reportFrom[s], rows[s], notes[s]); // the rest of the piece
        events.addFrom(notes[s], reportFrom[s]);
      }
    }

    /** Where a piece must start so that the state at {@code at} is the one a walk from the start would have. */
    private int warmUpStart(char[] chars, int at) {
      int counted = 0;
      int i = at;
      while (i > 0 && counted < longest) {
        i--;
        if (classOf[chars[i]] == spaceClass) {
          while (i > 0 && classOf[chars[i - 1]] == spaceClass) {
            i--;
          }
        }
        counted++;
      }
      return i;
    }
  }

  private static int[] toArray(java.util.Collection<Integer> values) {
    int[] array = new int[values.size()];
    int i = 0;
    for (int value : values) {
      array[i++] = value;
    }
    return array;
  }

  /**
   * Builds the automaton: a trie of the literals with its edges in flat arrays, failure links
   * breadth-first, then the final table row by row in breadth-first order, each row a copy of its
   * failure state's row with the state's own edges written over it. Copying rows instead of
   * completing each of the 2.3 million entries through failure links, and keeping the trie sparse
   * (about 28,000 edges, where a dense trie would zero a 9 MB array), is most of what keeps the
   * sidecar's start short.
   */
  private static final class Trie {
    private final int classes;
    private final int spaceClass;
    /** Edges in the order they were made: parent, class and child of each. */
    private final int[] edgeParent;
    private final int[] edgeClass;
    private final int[] edgeChild;
    private int edges;
    /** The edge index of (state, class) by {@code state * classes + class}, open addressing. */
    private final EdgeIndex index;
    /** Per state, its edges (indices into the edge arrays) from {@code firstEdge[state]}, in class order. */
    private int[] firstEdge;
    private int[] edgesByParent;
    private final int[][] ownAtoms;
    private final boolean[] enteredBySpace;
    private int states = 1;
    /** States in breadth-first order (children in class order), the root first. */
    private int[] order;
    private int[] failure;
    /** Per state, the atoms ending there or at a state its failure links reach (null for none). */
    private int[][] output;
    /** Per state, the index of its silent twin (a space-entered state with output), or -1. */
    private int[] twinOf;
    private int twinCount;

    Trie(List<String> literals, char[] classOf, int classes, int spaceClass) {
      this.classes = classes;
      this.spaceClass = spaceClass;
      int capacity = 1;
      for (String literal : literals) {
        capacity += literal.length();
      }
      edgeParent = new int[capacity];
      edgeClass = new int[capacity];
      edgeChild = new int[capacity];
      index = new EdgeIndex(capacity);
      ownAtoms = new int[capacity][];
      enteredBySpace = new boolean[capacity];
      for (int atom = 0; atom < literals.size(); atom++) {
        String literal = literals.get(atom);
        int state = 0;
        for (int i = 0; i < literal.length(); i++) {
          int cls = classOf[literal.charAt(i)];
          int next = child(state, cls);
          if (next == 0) {
            next = states++;
            index.put(state * classes + cls, edges);
            edgeParent[edges] = state;
            edgeClass[edges] = cls;
            edgeChild[edges] = next;
            edges++;
            enteredBySpace[next] = cls == spaceClass;
          }
          state = next;
        }
        ownAtoms[state] = concat(ownAtoms[state], new int[] {atom});
      }
      groupEdgesByParent();
      linkFailures();
    }

    /** The trie child of {@code state} on {@code cls}, or 0 (the root is nobody's child). */
    private int child(int state, int cls) {
      int edge = index.get(state * classes + cls);
      return edge < 0 ? 0 : edgeChild[edge];
    }

    /** Counting sort of the edges by parent, then by class within a parent (edges of one parent are few). */
    private void groupEdgesByParent() {
      firstEdge = new int[states + 1];
      for (int e = 0; e < edges; e++) {
        firstEdge[edgeParent[e] + 1]++;
      }
      for (int s = 0; s < states; s++) {
        firstEdge[s + 1] += firstEdge[s];
      }
      edgesByParent = new int[edges];
      int[] fill = Arrays.copyOf(firstEdge, states);
      for (int e = 0; e < edges; e++) {
        edgesByParent[fill[edgeParent[e]]++] = e;
      }
      for (int s = 0; s < states; s++) {
        for (int i = firstEdge[s] + 1; i < firstEdge[s + 1]; i++) { // insertion sort by class
          int edge = edgesByParent[i];
          int j = i - 1;
          while (j >= firstEdge[s] && edgeClass[edgesByParent[j]] > edgeClass[edge]) {
            edgesByParent[j + 1] = edgesByParent[j];
            j--;
          }
          edgesByParent[j + 1] = edge;
        }
      }
    }

    /** Failure links and outputs, breadth-first: a state's failure is shallower, so it is done first. */
    private void linkFailures() {
      order = new int[states];
      failure = new int[states];
      output = new int[states][];
      int size = 1;
      for (int head = 0; head < size; head++) {
        int state = order[head];
        for (int i = firstEdge[state]; i < firstEdge[state + 1]; i++) {
          int edge = edgesByParent[i];
          int child = edgeChild[edge];
          order[size++] = child;
          int fail = state == 0 ? 0 : step(failure[state], edgeClass[edge]);
          failure[child] = fail;
          output[child] = concat(ownAtoms[child], output[fail]);
        }
      }
      // Whitespace runs count once: a state entered by a space stays put on further spaces. A state
      // with output would report again, so it moves to a silent twin with the same transitions.
      twinOf = new int[states];
      Arrays.fill(twinOf, -1);
      for (int state = 0; state < states; state++) {
        if (enteredBySpace[state] && output[state] != null) {
          twinOf[state] = states + twinCount++;
        }
      }
    }

    /** The Aho-Corasick transition from {@code state} on {@code cls}, following failure links. */
    private int step(int state, int cls) {
      while (true) {
        int child = child(state, cls);
        if (child != 0) {
          return child;
        }
        if (state == 0) {
          return 0;
        }
        state = failure[state];
      }
    }

    int silentCount() {
      int silent = twinCount;
      for (int state = 0; state < states; state++) {
        silent += output[state] == null ? 1 : 0;
      }
      return silent;
    }

    /** Final numbers: silent states breadth-first, then the twins, then states with output breadth-first. */
    int[] numbers() {
      int[] number = new int[states + twinCount];
      int next = 0;
      for (int i = 0; i < states; i++) {
        if (output[order[i]] == null) {
          number[order[i]] = next++;
        }
      }
      for (int twin = 0; twin < twinCount; twin++) {
        number[states + twin] = next++;
      }
      for (int i = 0; i < states; i++) {
        if (output[order[i]] != null) {
          number[order[i]] = next++;
        }
      }
      return number;
    }

    int[][] outputsInNumberOrder(int[] number) {
      int silent = silentCount();
      int[][] atoms = new int[states + twinCount - silent][];
      for (int state = 0; state < states; state++) {
        if (output[state] != null) {
          atoms[number[state] - silent] = output[state];
        }
      }
      return atoms;
    }

    /** The transition table, rows {@code stride} (at least {@code classes}) entries apart. */
    char[] table(int[] number, int stride) {
      char[] table = new char[(states + twinCount) * stride];
      // the root is silent and first in breadth-first order, so its number is 0 and its row starts
      // as all zeros: every class without an edge goes back to the root
      for (int i = 0; i < states; i++) {
        int state = order[i];
        int row = number[state] * stride;
        if (state != 0) {
          System.arraycopy(table, number[failure[state]] * stride, table, row, classes);
        }
        for (int e = firstEdge[state]; e < firstEdge[state + 1]; e++) {
          int edge = edgesByParent[e];
          table[row + edgeClass[edge]] = (char) number[edgeChild[edge]];
        }
      }
      // whitespace loops last, so that no row copied above inherits another state's loop
      for (int state = 0; state < states && spaceClass >= 0; state++) {
        int row = number[state] * stride;
        if (twinOf[state] >= 0) {
          int twin = number[twinOf[state]];
          System.arraycopy(table, row, table, twin * stride, classes);
          table[twin * stride + spaceClass] = (char) twin;
          table[row + spaceClass] = (char) twin;
        } else if (enteredBySpace[state]) {
          table[row + spaceClass] = (char) number[state];
        }
      }
      return table;
    }

    private static int[] concat(int[] first, int[] second) {
      if (first == null) {
        return second;
      }
      if (second == null) {
        return first;
      }
      int[] all = Arrays.copyOf(first, first.length + second.length);
      System.arraycopy(second, 0, all, first.length, second.length);
      return all;
    }
  }

  /** Edge index by key ({@code state * classes + class}): open addressing over two int arrays. */
  private static final class EdgeIndex {
    private final int[] keys;
    private final int[] values;
    private final int mask;
    private final int shift;

    /** Room for {@code expected} keys at most half full. */
    EdgeIndex(int expected) {
      int capacity = Integer.highestOneBit(Math.max(8, expected)) << 2;
      keys = new int[capacity];
      values = new int[capacity];
      mask = capacity - 1;
      shift = Integer.numberOfLeadingZeros(capacity) + 1;
      Arrays.fill(keys, -1);
    }

    void put(int key, int value) {
      int slot = slot(key);
      while (keys[slot] != -1) {
        slot = (slot + 1) & mask;
      }
      keys[slot] = key;
      values[slot] = value;
    }

    /** The value of {@code key}, or -1. */
    int get(int key) {
      for (int slot = slot(key); keys[slot] != -1; slot = (slot + 1) & mask) {
        if (keys[slot] == key) {
          return values[slot];
        }
      }
      return -1;
    }

    private int slot(int key) {
      return (key * 0x9E3779B9) >>> shift; // Fibonacci hashing: the product's top bits
    }
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

  private static String collapseSpaces(String literal) {
    StringBuilder out = new StringBuilder(literal.length());
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (c != ' ' || out.length() == 0 || out.charAt(out.length() - 1) != ' ') {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String canonical(String keyword) {
    StringBuilder out = new StringBuilder(keyword.length());
    for (int i = 0; i < keyword.length(); i++) {
      out.append(canonical(keyword.charAt(i)));
    }
    return out.toString();
  }

  /** How many slots (groups of literals reported together) the automaton was built for. */
  public int slots() {
    return slotCount;
  }

  /** Entries per row of the table walked over every text (for tests). */
  int rowWidth() {
    return 1 << narrow.shift;
  }

  /** States of the tables together. */
  public int states() {
    return narrow.stateCount + (wide == null ? 0 : wide.stateCount);
  }

  /** The literals of the whole text (the result is valid until this thread scans again). */
  public Hits scan(char[] chars, int n) {
    return scan(chars, n, true);
  }

  /**
   * As {@link #scan(char[], int)}, told whether the text may have a character outside ASCII (the
   * caller's own pass over the text knows; false skips the search for literals that need one).
   */
  public Hits scan(char[] chars, int n, boolean mayBeBeyondAscii) {
    Scratch scratch = SCRATCH.get();
    Events events = scratch.events.clear();
    if (n < MIN_INTERLEAVED || narrow.longest == 0) {
      narrow.walk(chars, 0, n, 0, 0, events);
    } else {
      narrow.walkInterleaved(chars, n, events, scratch.notes, scratch.outputSteps);
    }
    if (wide != null && mayBeBeyondAscii) {
      // after the narrow walk's events: each atom's positions still come in order
      wide.walkAroundNonAscii(chars, n, events);
    }
    return new Hits(this, events, scratch);
  }

  /** {@link #scan(char[], int)} of a string. */
  public Hits scan(String text) {
    return scan(text.toCharArray(), text.length());
  }

  /** Output noted during a walk: pairs (position, output state), in position order. */
  private static final class Events {
    private int[] pairs = new int[64];
    private int size;

    Events clear() {
      size = 0;
      return this;
    }

    void add(int position, int output) {
      if (size + 2 > pairs.length) {
        pairs = Arrays.copyOf(pairs, pairs.length * 2);
      }
      pairs[size++] = position;
      pairs[size++] = output;
    }

    /** Appends the pairs of {@code other} (in position order) from {@code fromPosition} on, in one copy. */
    void addFrom(Events other, int fromPosition) {
      int first = 0;
      while (first < other.size && other.pairs[first] < fromPosition) {
        first += 2; // a piece's warm-up: only its first few characters
      }
      int count = other.size - first;
      if (size + count > pairs.length) {
        pairs = Arrays.copyOf(pairs, Math.max(size + count, pairs.length * 2));
      }
      System.arraycopy(other.pairs, first, pairs, size, count);
      size += count;
    }
  }

  /**
   * A thread's working memory for scans, reused: the event lists and the per-atom arrays of its
   * latest {@link Hits}. A message's strings are scanned one after the other, and allocating these
   * per scan was most of a message's garbage. A {@code Hits} is therefore valid until the same
   * thread's next scan. Only the atoms a scan touched are laid out and later cleared, so a short
   * string does not pay for the thousands of literals it has none of.
   */
  private static final class Scratch {
    final Events events = new Events();
    final Events[] notes = {new Events(), new Events(), new Events(), new Events()};
    /** Per step of a block of the interleaved walk with output: the step and the four states. */
    final int[] outputSteps = new int[OUTPUT_BLOCK * (1 + STREAMS)];
    int[] counts = new int[0];
    int[] offsets = new int[0];
    int[] cursor = new int[0];
    int[] touched = new int[16];
    int touchedCount;
    int[] positions = new int[64];
    /** Slots seen in the current scan carry the current stamp. */
    int[] slotStamps = new int[0];
    int stamp;
    int[] slotsHit = new int[16];
    int slotsHitCount;
    /** Per slot with several atoms: its merged positions, valid when its stamp is the current one. */
    int[] mergedStamps = new int[0];
    int[][] mergedPositions = new int[0][];
    int[] mergedCounts = new int[0];

    /** Clears what the previous scan touched; returns this. */
    Scratch reset(int atoms, int slots) {
      if (counts.length < atoms) {
        counts = new int[atoms];
        offsets = new int[atoms];
        cursor = new int[atoms];
      } else {
        for (int i = 0; i < touchedCount; i++) {
          counts[touched[i]] = 0;
        }
      }
      touchedCount = 0;
      slotsHitCount = 0;
      if (slotStamps.length < slots || stamp == Integer.MAX_VALUE) {
        slotStamps = new int[Math.max(slots, slotStamps.length)];
        mergedStamps = new int[slotStamps.length];
        mergedPositions = new int[slotStamps.length][];
        mergedCounts = new int[slotStamps.length];
        stamp = 0;
      }
      stamp++;
      return this;
    }

    void touch(int atom) {
      if (touchedCount == touched.length) {
        touched = Arrays.copyOf(touched, touched.length * 2);
      }
      touched[touchedCount++] = atom;
    }

    void slotHit(int slot) {
      if (slotStamps[slot] == stamp) {
        return;
      }
      slotStamps[slot] = stamp;
      if (slotsHitCount == slotsHit.length) {
        slotsHit = Arrays.copyOf(slotsHit, slotsHit.length * 2);
      }
      slotsHit[slotsHitCount++] = slot;
    }

    int[] positions(int size) {
      if (positions.length < size) {
        positions = new int[Math.max(size, positions.length * 2)];
      }
      return positions;
    }
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** Beyond this many occurrences of a slot's literals, their positions are not kept. */
  public static final int MAX_POSITIONS = 1024;

  /**
   * What a pass found: per slot, the indices where one of its literals ends, ascending (past
   * {@link #MAX_POSITIONS} only "many": count -1); and, when the caller records them, the digits of
   * the text and where they cluster. Positions of all slots share one array, slot after slot. Valid
   * until the same thread scans again (the per-slot arrays are reused).
   */
  public static final class Hits {

    private final int[][] slotAtoms;
    /** Per atom; null when the text has no literal at all. */
    private final int[] counts;
    private final int[] offsets;
    private final int[] positions;
    private final int[] slotsHit;
    private final int slotsHitCount;
    /** Where slots with several atoms keep their merged positions (see {@link #merged}). */
    private final Scratch scratch;
    private int[] digitStarts;
    private int digitRuns;
    private int digits;

    private Hits(KeywordAutomaton automaton, Events events, Scratch scratch) {
      this.slotAtoms = automaton.slotAtoms;
      this.scratch = scratch;
      scratch.reset(automaton.atomAnnounced.length, automaton.slotCount);
      if (events.size == 0) {
        counts = null;
        offsets = null;
        positions = null;
        slotsHit = null;
        slotsHitCount = 0;
        return;
      }
      counts = scratch.counts;
      int[] pairs = events.pairs;
      int[][] outputAtoms = automaton.outputAtoms;
      for (int i = 1; i < events.size; i += 2) {
        for (int atom : outputAtoms[pairs[i]]) {
          if (counts[atom]++ == 0) {
            scratch.touch(atom);
          }
        }
      }
      int[] touched = scratch.touched;
      int touchedCount = scratch.touchedCount;
      offsets = scratch.offsets;
      int[] cursor = scratch.cursor;
      int total = 0;
      for (int t = 0; t < touchedCount; t++) {
        int atom = touched[t];
        offsets[atom] = total;
        total += counts[atom] > MAX_POSITIONS ? 0 : counts[atom];
        cursor[atom] = total;
        for (int slot : automaton.atomAnnounced[atom]) {
          scratch.slotHit(slot);
        }
      }
      positions = scratch.positions(total);
      // fill each atom from its end, reading events backwards, so positions come out ascending
      for (int i = events.size - 2; i >= 0; i -= 2) {
        for (int atom : outputAtoms[pairs[i + 1]]) {
          if (counts[atom] <= MAX_POSITIONS) {
            positions[--cursor[atom]] = pairs[i];
          }
        }
      }
      for (int t = 0; t < touchedCount; t++) {
        if (counts[touched[t]] > MAX_POSITIONS) {
          counts[touched[t]] = -1;
        }
      }
      slotsHit = scratch.slotsHit;
      slotsHitCount = scratch.slotsHitCount;
    }

    /** How many distinct announced slots have a literal in the text. */
    public int slotsHit() {
      return slotsHitCount;
    }

    /** The {@code i}-th announced slot with a literal in the text, in no particular order. */
    public int slotHit(int i) {
      return slotsHit[i];
    }

    /**
     * Records the digits of the text, counted elsewhere: {@code clusters} holds pairs (start index,
     * digit count) of clusters of digits, or is null when there were too many to keep.
     */
    public void digits(int count, int[] clusters) {
      digits = count;
      if (clusters == null) {
        digitRuns = Integer.MAX_VALUE;
      } else {
        digitStarts = clusters;
        digitRuns = clusters.length;
      }
    }

    public boolean hit(int slot) {
      if (counts == null) {
        return false;
      }
      for (int atom : slotAtoms[slot]) {
        if (counts[atom] != 0) {
          return true;
        }
      }
      return false;
    }

    /** Whether any literal was found. */
    public boolean any() {
      return counts != null;
    }

    /** How many positions {@code slot} has; -1 when there were too many to keep. */
    public int count(int slot) {
      if (counts == null) {
        return 0;
      }
      int[] atoms = slotAtoms[slot];
      if (atoms.length == 1) {
        return counts[atoms[0]];
      }
      merged(slot);
      return scratch.mergedCounts[slot];
    }

    /**
     * At least {@link #count(int)} (the sum over the slot's literals, so occurrences two literals share
     * count twice), without merging their positions; -1 when there were too many to keep.
     */
    public int countAtMost(int slot) {
      if (counts == null) {
        return 0;
      }
      int sum = 0;
      for (int atom : slotAtoms[slot]) {
        if (counts[atom] < 0) {
          return -1;
        }
        sum += counts[atom];
      }
      return sum;
    }

    /** Position {@code i} (ascending) of {@code slot}. */
    public int position(int slot, int i) {
      int[] atoms = slotAtoms[slot];
      return atoms.length == 1 ? positions[offsets[atoms[0]] + i] : merged(slot)[i];
    }

    /**
     * Whether a literal of {@code slot} ends inside {@code [from, to)}; true when there were too many
     * to keep (assume one is near).
     */
    public boolean occursIn(int slot, int from, int to) {
      if (counts == null) {
        return false;
      }
      for (int atom : slotAtoms[slot]) {
        if (atomOccursIn(atom, from, to)) {
          return true;
        }
      }
      return false;
    }

    private boolean atomOccursIn(int atom, int from, int to) {
      int count = counts[atom];
      if (count <= 0) {
        return count < 0;
      }
      int start = offsets[atom];
      int index = Arrays.binarySearch(positions, start, start + count, from);
      int insertion = index >= 0 ? index : -index - 1;
      return insertion < start + count && positions[insertion] < to;
    }

    /**
     * The distinct positions of a slot's atoms, ascending, merged on first use in this scan into the
     * slot's array in the thread's scratch (its count there: -1 when they overflowed). A stamp per
     * slot says whether the array is this scan's, so nothing is cleared or allocated per scan.
     */
    private int[] merged(int slot) {
      if (scratch.mergedStamps[slot] != scratch.stamp) {
        merge(slot);
        scratch.mergedStamps[slot] = scratch.stamp;
      }
      return scratch.mergedPositions[slot];
    }

    private void merge(int slot) {
      int size = 0;
      for (int atom : slotAtoms[slot]) {
        if (counts[atom] < 0) {
          scratch.mergedCounts[slot] = -1;
          return;
        }
        size += counts[atom];
      }
      int[] all = scratch.mergedPositions[slot];
      if (all == null || all.length < size) {
        all = new int[Math.max(size, 8)];
        scratch.mergedPositions[slot] = all;
      }
      int at = 0;
      for (int atom : slotAtoms[slot]) {
        if (counts[atom] > 0) {
          System.arraycopy(positions, offsets[atom], all, at, counts[atom]);
          at += counts[atom];
        }
      }
      Arrays.sort(all, 0, size);
      int distinct = 0;
      for (int i = 0; i < size; i++) {
        if (distinct == 0 || all[distinct - 1] != all[i]) {
          all[distinct++] = all[i];
        }
      }
      scratch.mergedCounts[slot] = distinct > MAX_POSITIONS ? -1 : distinct;
    }

    public int[] digitStarts() {
      return digitStarts;
    }

    /** Length of {@link #digitStarts()} in use; {@code Integer.MAX_VALUE} when there were too many to keep. */
    public int digitRuns() {
      return digitRuns;
    }

    public int digits() {
      return digits;
    }
  }
}
