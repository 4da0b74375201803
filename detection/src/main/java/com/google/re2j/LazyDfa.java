package com.google.re2j;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A lazily built DFA over a compiled re2j program that answers one question: does the regex match
 * anywhere in {@code text[from, to)} (the range taken as the whole input, as re2j sees a window)? re2j
 * itself only simulates the NFA (a Pike VM), which costs tens to hundreds of nanoseconds per character
 * for the large case-folded alternations detection rules are made of; the DFA costs one array load per
 * ASCII character once its states are built. Windows it rules out never reach re2j; windows it accepts
 * are run through re2j as before for spans, groups and validators, so results are exactly re2j's.
 *
 * <p>A state is the set of instructions waiting for the next character (sorted, so equal sets are one
 * state) plus what the previous character was (start of text, newline, word character or other),
 * which with the next character decides the empty-width assertions ({@code ^ $ \b \B \A \z}) exactly as
 * {@code Utils.emptyOpContext} does for re2j's own machine. The start instruction joins every state
 * (unanchored search). Transitions on ASCII characters are cached in one table (a load per character);
 * other code points by their {@link RuneClasses class} (code points no instruction tells apart) in a
 * small array per state. States are capped per program and in total, so memory
 * stays bounded: a DFA that outgrows its own cap drops its states and starts again from the start
 * state, and when all of them together reach the total cap every DFA does (a new epoch), as RE2
 * resets its DFA cache. The call that hits a cap answers "may match", which sends that window to
 * re2j, so the answer stays sound. (Answering "may match" for good once full would let varied
 * traffic switch the DFAs off for the life of the process.) Thread-safe: states are immutable apart
 * from their transition caches, whose racy fills are idempotent; a thread still walking a dropped
 * generation finishes on it.
 *
 * <p>Lives in re2j's package because the program ({@code Prog}, {@code Inst}) is package-private.
 */
public final class LazyDfa {
  private static final int MAX_STATES = 2_000;
  private static final int MAX_TOTAL_STATES = 60_000;
  /** States built by every DFA in the current epoch. */
  private static final AtomicInteger TOTAL_STATES = new AtomicInteger();
  /** Bumped when the total cap is reached: every DFA drops its states at its next use. */
  private static final AtomicInteger EPOCH = new AtomicInteger();

  private static final int PREV_START = 0;
  private static final int PREV_NEWLINE = 1;
  private static final int PREV_WORD = 2;
  private static final int PREV_OTHER = 3;
  /** A character standing for each kind of previous character, for {@link Utils#emptyOpContext}. */
  private static final int[] PREV_RUNE = {-1, '\n', 'a', ' '};

  /** Marks "a match ended here"; never followed. */
  private static final State MATCHED = new State(new int[0], PREV_OTHER, -1);
  private static final int UNKNOWN = 0;
  private static final int TO_MATCH = 1;
  private static final int FIRST_STATE = 2;
  /** In {@link Generation#asciiNoStart}: no thread is left (above any state id: states are capped at {@link #MAX_STATES}). */
  private static final int DEAD = Character.MAX_VALUE;

  private final Prog prog;
  private volatile Generation generation;
  /** Made at the first non-ASCII character this DFA reads: most windows are ASCII only. */
  private volatile RuneClasses runeClasses;
  /** Transitions worked out from the program rather than read from a cache (for tests and figures). */
  private final java.util.concurrent.atomic.LongAdder stepsComputed = new java.util.concurrent.atomic.LongAdder();
  private int flushes;

  /**
   * One generation of states, dropped whole when a cap is reached and rebuilt lazily from the start
   * state. The ASCII transitions of all its states live in one array, 128 per state by id, 16 bits
   * each (state ids stay below {@link #MAX_STATES}): {@link #UNKNOWN} not computed yet, {@link
   * #TO_MATCH} a match ends, else the next state's id plus {@link #FIRST_STATE}; the array is copied
   * to grow as states are made.
   */
  private static final class Generation {
    final int epoch;
    final ConcurrentHashMap<Key, State> states = new ConcurrentHashMap<>();
    volatile char[] ascii = new char[8 * 128];
    /**
     * As {@link #ascii}, for steps where no new match may start (outside the caller's start zones),
     * with {@link #DEAD} for a step that leaves no thread alive; made at the first such step (only
     * rules whose matches begin with a keyword take them).
     */
    volatile char[] asciiNoStart;
    volatile State[] byId = new State[8];
    final State initial = new State(new int[0], PREV_START, 0);

    Generation(int epoch) {
      this.epoch = epoch;
      byId[0] = initial;
      states.put(new Key(initial.pcs, initial.prev), initial);
      TOTAL_STATES.incrementAndGet();
    }

    /**
     * The state with {@code id}. Ids come from the table, written without a lock, so the slot in
     * {@link #byId} may not be visible yet to this thread; the lock it is filled under makes it so.
     */
    State stateOf(int id) {
      State state = byId[id];
      if (state == null) {
        synchronized (this) {
          state = byId[id];
        }
      }
      return state;
    }

    /** Caches the ASCII transition at {@code slot}; a racing growth may drop it, which only costs a recomputation. */
    void remember(int slot, State next) {
      char[] table = ascii;
      if (slot < table.length) {
        table[slot] = (char) (next == MATCHED ? TO_MATCH : next.id + FIRST_STATE);
      }
    }

    /** As {@link #remember} for a step where no match may start. */
    void rememberNoStart(int slot, State next) {
      char[] table = asciiNoStart;
      if (table != null && slot < table.length) {
        table[slot] = (char) (next == MATCHED ? TO_MATCH : next.pcs.length == 0 ? DEAD : next.id + FIRST_STATE);
      }
    }

    /** The no-start table, made on first use as long as the ASCII one. */
    synchronized char[] noStart() {
      if (asciiNoStart == null) {
        asciiNoStart = new char[ascii.length];
      }
      return asciiNoStart;
    }

    /** Adds a state for {@code key} unless another thread just did; returns the one in use. */
    synchronized State add(Key key) {
      State raced = states.get(key);
      if (raced != null) {
        return raced;
      }
      State created = new State(key.pcs(), key.prev(), states.size());
      if (created.id >= byId.length) {
        byId = Arrays.copyOf(byId, byId.length * 2);
        ascii = Arrays.copyOf(ascii, byId.length * 128);
        if (asciiNoStart != null) {
          asciiNoStart = Arrays.copyOf(asciiNoStart, byId.length * 128);
        }
      }
      byId[created.id] = created; // filled before the state is reachable from states or the table
      states.put(key, created);
      TOTAL_STATES.incrementAndGet();
      return created;
    }
  }

  private LazyDfa(Prog prog) {
    this.prog = prog;
    this.generation = new Generation(EPOCH.get());
  }

  /** A DFA for {@code pattern}'s program. */
  public static LazyDfa of(Pattern pattern) {
    return new LazyDfa(pattern.re2().prog);
  }

  private RuneClasses runeClasses() {
    RuneClasses classes = runeClasses;
    if (classes == null) {
      classes = RuneClasses.of(prog); // racing threads build equal ones; either is right
      runeClasses = classes;
    }
    return classes;
  }

  /** How many transitions this DFA has worked out from its program so far (for tests and figures). */
  public long stepsComputed() {
    return stepsComputed.sum();
  }

  /** How many classes of non-ASCII code points this DFA has met (for tests and figures). */
  public int runeClassesSeen() {
    RuneClasses classes = runeClasses;
    return classes == null ? 0 : classes.classesSeen();
  }

  /** Bytes of the current generation's ASCII transition tables (for tests and figures). */
  public long asciiTableBytes() {
    Generation g = generation;
    char[] noStart = g.asciiNoStart;
    return 2L * (g.ascii.length + (noStart == null ? 0 : noStart.length));
  }

  /** How many states the current generation holds (for tests and figures). */
  public int stateCount() {
    return generation.states.size();
  }

  /** How many times this DFA dropped its states (for tests and figures). */
  public synchronized int flushes() {
    return flushes;
  }

  /** The current generation, a fresh one if a new epoch began since this DFA was last used. */
  private Generation current() {
    Generation g = generation;
    return g.epoch == EPOCH.get() ? g : flush(g);
  }

  /** Replaces {@code stale} (unless another thread already did) and returns the generation now in use. */
  private synchronized Generation flush(Generation stale) {
    if (generation == stale) {
      if (stale.epoch == EPOCH.get()) {
        TOTAL_STATES.addAndGet(-stale.states.size());
      }
      generation = new Generation(EPOCH.get());
      flushes++;
    }
    return generation;
  }

  /** Every DFA starts again: the states of the past epoch no longer count and are dropped at each DFA's next use. */
  private static synchronized void newEpoch() {
    if (TOTAL_STATES.get() >= MAX_TOTAL_STATES) {
      TOTAL_STATES.set(0);
      EPOCH.incrementAndGet();
    }
  }


  /**
   * False only if the regex certainly has no match in {@code text[from, to)}, the range read as the
   * whole input; true if it has one or if the state budget ran out.
   */
  public boolean mayMatch(char[] text, int from, int to) {
    Generation g = current();
    char[] table = g.ascii;
    int state = g.initial.id;
    int i = from;
    while (i < to) {
      char c = text[i];
      if (c < 128) {
        int slot = state << 7 | c;
        int known = slot < table.length ? table[slot] : UNKNOWN;
        if (known >= FIRST_STATE) {
          state = known - FIRST_STATE; // the common case: one load per character
          i++;
          continue;
        }
        if (known == TO_MATCH) {
          return true;
        }
        State next = step(g, g.stateOf(state), c);
        if (next == null) {
          return true; // a cap was reached
        }
        g.remember(slot, next);
        table = g.ascii;
        if (next == MATCHED) {
          return true;
        }
        state = next.id;
        i++;
      } else {
        int rune = Character.codePointAt(text, i, to);
        state = stepWide(g, state, rune);
        if (state < 0) {
          return true;
        }
        i += Character.charCount(rune);
      }
    }
    return acceptsAtEnd(g.stateOf(state));
  }

  /**
   * As {@link #mayMatch(char[], int, int)} for a regex whose matches can only start inside {@code
   * zones} (pairs {@code [start, end)}, ascending, disjoint, within the range): outside them no new
   * thread starts, and once every thread has died the walk jumps to the next zone. For a rule whose
   * matches begin with its keyword, the zones are where its keywords start: most windows are then
   * settled a few characters after the keyword instead of at the window's end. Steps on characters
   * outside ASCII let threads start anyway (more threads can only turn "no" into "may", so the
   * answer stays sound).
   */
  public boolean mayMatch(char[] text, int from, int to, int[] zones, int zoneCount) {
    if (zoneCount == 0) {
      return false;
    }
    Generation g = current();
    int i = zones[0];
    int state = emptyAt(g, text, from, i);
    if (state < 0) {
      return true; // a cap was reached
    }
    int z = 0;
    while (i < to) {
      while (z < zoneCount && zones[2 * z + 1] <= i) {
        z++; // a character beyond the BMP may have carried the walk past a zone's end
      }
      boolean mayStart = z < zoneCount && zones[2 * z] <= i;
      int end = mayStart ? Math.min(to, zones[2 * z + 1]) : z < zoneCount ? zones[2 * z] : to;
      long walked = walk(g, text, i, end, to, state, mayStart);
      if (walked == MAY_MATCH) {
        return true;
      }
      if (walked == ALL_DEAD) {
        if (z >= zoneCount) {
          return false; // every match starts in a zone, and every thread from them is gone
        }
        i = zones[2 * z];
        state = emptyAt(g, text, from, i);
        if (state < 0) {
          return true;
        }
        continue;
      }
      i = (int) (walked >>> 32);
      state = (int) walked;
    }
    return acceptsAtEnd(g.stateOf(state));
  }

  /** The no-start table, without taking the lock once it exists (a walk asks for it at every stretch between zones). */
  private static char[] noStartTable(Generation g) {
    char[] table = g.asciiNoStart;
    return table != null ? table : g.noStart();
  }

  /** {@link #walk} found a match end or reached a cap. */
  private static final long MAY_MATCH = -1;
  /** {@link #walk}, with no new threads, has none left. */
  private static final long ALL_DEAD = -2;

  /**
   * Walks {@code text[i, end)} from {@code state}, new threads starting at each step only when {@code
   * mayStart}: one plain loop per stretch, so a stretch costs what a window without zones costs per
   * character. Returns the position reached (at least {@code end}; a code point beyond the BMP may end
   * one further) in the high and the state in the low 32 bits, or {@link #MAY_MATCH} or {@link #ALL_DEAD}.
   */
  private long walk(Generation g, char[] text, int i, int end, int to, int state, boolean mayStart) {
    char[] table = mayStart ? g.ascii : noStartTable(g);
    while (i < end) {
      char c = text[i];
      if (c >= 128) {
        int rune = Character.codePointAt(text, i, to);
        state = stepWide(g, state, rune); // threads may start here either way: more threads only turn "no" into "may"
        if (state < 0) {
          return MAY_MATCH;
        }
        i += Character.charCount(rune);
        continue;
      }
      int slot = state << 7 | c;
      int known = slot < table.length ? table[slot] : UNKNOWN;
      if (known >= FIRST_STATE && known != DEAD) {
        state = known - FIRST_STATE;
        i++;
        continue;
      }
      if (known == TO_MATCH) {
        return MAY_MATCH;
      }
      if (known == DEAD) {
        return ALL_DEAD;
      }
      State next = step(g, g.stateOf(state), c, mayStart);
      if (next == null) {
        return MAY_MATCH;
      }
      if (mayStart) {
        g.remember(slot, next);
      } else {
        g.rememberNoStart(slot, next);
      }
      table = mayStart ? g.ascii : noStartTable(g); // either may have grown with a new state
      if (next == MATCHED) {
        return MAY_MATCH;
      }
      state = next.id; // a step that left no thread reads DEAD from the table on the next character
      i++;
    }
    return (long) i << 32 | state;
  }

  /** The id of the state with no thread, the character before {@code at} as its previous one; -1 past the budget. */
  private int emptyAt(Generation g, char[] text, int from, int at) {
    if (at == from) {
      return g.initial.id;
    }
    State state = intern(g, new int[0], kind(text[at - 1]));
    return state == null ? -1 : state.id;
  }

  /**
   * The id of the state after a code point outside ASCII (threads may start), cached per state by
   * the code point's class (any code point of the class steps alike); -1 if a match ends or a cap
   * was reached.
   */
  private int stepWide(Generation g, int id, int rune) {
    int cls = runeClasses().classOf(rune);
    State current = g.stateOf(id);
    int known = current.wide(cls);
    if (known >= FIRST_STATE) {
      return known - FIRST_STATE;
    }
    if (known == TO_MATCH) {
      return -1;
    }
    State next = step(g, current, rune);
    if (next == null) {
      return -1;
    }
    current.remember(cls, next);
    return next == MATCHED ? -1 : next.id;
  }

  private boolean acceptsAtEnd(State state) {
    int known = state.acceptsAtEnd;
    if (known == 0) {
      int flags = Utils.emptyOpContext(PREV_RUNE[state.prev], -1);
      known = closure(state.pcs, flags, null) ? 1 : -1;
      state.acceptsAtEnd = known; // racy but idempotent: every thread computes the same answer
    }
    return known > 0;
  }

  /** The state after reading {@code rune} in {@code state}; {@link #MATCHED} when a match ends before it; null past the budget. */
  private State step(Generation g, State state, int rune) {
    return step(g, state, rune, true);
  }

  /** As {@link #step(Generation, State, int)}; a new thread starts before {@code rune} only if {@code mayStart}. */
  private State step(Generation g, State state, int rune, boolean mayStart) {
    stepsComputed.increment();
    int flags = Utils.emptyOpContext(PREV_RUNE[state.prev], rune);
    int[] runeInsts = new int[prog.numInst()];
    int[] count = {0};
    if (closure(state.pcs, flags, new Collector(runeInsts, count), mayStart)) {
      return MATCHED;
    }
    int[] next = new int[count[0]];
    int size = 0;
    for (int k = 0; k < count[0]; k++) {
      Inst inst = prog.inst[runeInsts[k]];
      if (matches(inst, rune)) {
        next[size++] = inst.out;
      }
    }
    next = Arrays.copyOf(next, size);
    Arrays.sort(next);
    int unique = 0;
    for (int k = 0; k < size; k++) {
      if (unique == 0 || next[unique - 1] != next[k]) {
        next[unique++] = next[k];
      }
    }
    return intern(g, Arrays.copyOf(next, unique), kind(rune));
  }

  /** As re2j's machine steps a thread (Machine.step). */
  static boolean matches(Inst inst, int rune) {
    switch (inst.op) {
      case Inst.RUNE:
        return inst.matchRune(rune);
      case Inst.RUNE1:
        return rune == inst.runes[0];
      case Inst.RUNE_ANY:
        return true;
      case Inst.RUNE_ANY_NOT_NL:
        return rune != '\n';
      default:
        throw new IllegalStateException("not a rune instruction: " + inst.op);
    }
  }

  private static int kind(int rune) {
    return rune == '\n' ? PREV_NEWLINE : Utils.isWordRune(rune) ? PREV_WORD : PREV_OTHER;
  }

  private State intern(Generation g, int[] pcs, int prev) {
    Key key = new Key(pcs, prev);
    State state = g.states.get(key);
    if (state != null) {
      return state;
    }
    if (g.states.size() >= MAX_STATES) {
      flush(g);
      return null;
    }
    if (TOTAL_STATES.get() >= MAX_TOTAL_STATES) {
      newEpoch();
      return null;
    }
    return g.add(key);
  }

  /** Collects the rune instructions reached. */
  private record Collector(int[] pcs, int[] count) {}

  /**
   * Follows empty transitions from {@code pcs} and the program start under the empty-width
   * {@code flags}; true if a match instruction is reached; the rune instructions reached go to
   * {@code out}.
   */
  private boolean closure(int[] pcs, int flags, Collector out) {
    return closure(pcs, flags, out, true);
  }

  /** As {@link #closure(int[], int, Collector)}, the program start included only if {@code withStart}. */
  private boolean closure(int[] pcs, int flags, Collector out, boolean withStart) {
    boolean[] seen = new boolean[prog.numInst()];
    // every instruction is visited once and pushes at most two successors
    int[] stack = new int[prog.numInst() * 3 + 2];
    int top = 0;
    if (withStart) {
      stack[top++] = prog.start;
    }
    for (int pc : pcs) {
      stack[top++] = pc;
    }
    boolean matched = false;
    while (top > 0) {
      int pc = stack[--top];
      if (seen[pc]) {
        continue;
      }
      seen[pc] = true;
      Inst inst = prog.inst[pc];
      switch (inst.op) {
        case Inst.ALT:
        case Inst.ALT_MATCH:
          stack[top++] = inst.arg;
          stack[top++] = inst.out;
          break;
        case Inst.CAPTURE:
        case Inst.NOP:
          stack[top++] = inst.out;
          break;
        case Inst.EMPTY_WIDTH:
          if ((inst.arg & ~flags) == 0) {
            stack[top++] = inst.out;
          }
          break;
        case Inst.MATCH:
          matched = true;
          break;
        case Inst.FAIL:
          break;
        default: // rune instructions
          if (out != null) {
            out.pcs[out.count[0]++] = pc;
          }
          break;
      }
    }
    return matched;
  }

  private static final class State {
    final int[] pcs;
    final int prev;
    final int id;
    /** Whether the input may end in this state with a match: 1 yes, -1 no, 0 not yet known. */
    int acceptsAtEnd;
    /**
     * Transitions on non-ASCII code points by {@link RuneClasses class}, coded as the ASCII table
     * ({@link #UNKNOWN}, {@link #TO_MATCH}, next id plus {@link #FIRST_STATE}); grown as classes appear.
     */
    private volatile int[] wide;

    int wide(int cls) {
      int[] table = wide;
      return table == null || cls >= table.length ? UNKNOWN : table[cls];
    }

    void remember(int cls, State next) {
      int[] table = wide;
      if (table == null || cls >= table.length) {
        table = table == null ? new int[Math.max(4, cls + 1)] : Arrays.copyOf(table, Math.max(table.length * 2, cls + 1));
        wide = table; // a lost race loses a few cached transitions, nothing else
      }
      table[cls] = next == MATCHED ? TO_MATCH : next.id + FIRST_STATE;
    }

    State(int[] pcs, int prev, int id) {
      this.pcs = pcs;
      this.prev = prev;
      this.id = id;
    }
  }

  private record Key(int[] pcs, int prev) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && key.prev == prev && Arrays.equals(key.pcs, pcs);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(pcs) * 31 + prev;
    }
  }
}
