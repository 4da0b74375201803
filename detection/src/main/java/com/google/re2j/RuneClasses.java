package com.google.re2j;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * The non-ASCII code points of one program, grouped into classes that no rune instruction tells
 * apart, so a {@link LazyDfa} caches its non-ASCII transitions per class instead of per code point.
 * Without this, text in a script the rules never mention (Chinese, Cyrillic) meets a new code point
 * at almost every character, and each one cost a full step of the program.
 *
 * <p>Exact, not approximate: membership of a code point in every instruction can only change at the
 * bounds collected here (the ends of each range, each single rune and, for a case-folded single
 * rune, every rune of its fold orbit), so all code points of one interval between bounds match the
 * same instructions. Intervals that match the same set share a class. Above ASCII no code point is a
 * word character or a newline, so the empty-width context of a step is the same for all of them too.
 */
final class RuneClasses {
  private static final int FIRST = 128;
  private static final int END = Unicode.MAX_RUNE + 1;

  private final Prog prog;
  /** Program counters of the rune instructions. */
  private final int[] runeInsts;
  /** Interval {@code k} is {@code [bounds[k], bounds[k + 1])}; the last bound is {@link #END}. */
  private final int[] bounds;
  /** Class of each interval, or -1 until an interval's first code point is seen (racy fills agree). */
  private final int[] classOfInterval;
  private final Map<BitSet, Integer> classBySignature = new HashMap<>();

  private RuneClasses(Prog prog, int[] runeInsts, int[] bounds) {
    this.prog = prog;
    this.runeInsts = runeInsts;
    this.bounds = bounds;
    this.classOfInterval = new int[bounds.length - 1];
    Arrays.fill(classOfInterval, -1);
  }

  static RuneClasses of(Prog prog) {
    int[] runeInsts = new int[prog.numInst()];
    int count = 0;
    Bounds bounds = new Bounds();
    bounds.add(FIRST);
    bounds.add(END);
    for (int pc = 0; pc < prog.numInst(); pc++) {
      Inst inst = prog.inst[pc];
      if (!Inst.isRuneOp(inst.op)) {
        continue;
      }
      runeInsts[count++] = pc;
      if (inst.op == Inst.RUNE_ANY || inst.op == Inst.RUNE_ANY_NOT_NL) {
        continue; // every code point above ASCII alike
      }
      int[] runes = inst.runes;
      if (runes.length == 1) {
        bounds.point(runes[0]);
        if (inst.op == Inst.RUNE && (inst.arg & RE2.FOLD_CASE) != 0) {
          for (int r = Unicode.simpleFold(runes[0]); r != runes[0]; r = Unicode.simpleFold(r)) {
            bounds.point(r);
          }
        }
      } else {
        for (int j = 0; j + 1 < runes.length; j += 2) {
          bounds.add(runes[j]);
          bounds.add(runes[j + 1] + 1);
        }
      }
    }
    return new RuneClasses(prog, Arrays.copyOf(runeInsts, count), bounds.sorted());
  }

  /** How many classes have been seen so far (each is below this number). */
  synchronized int classesSeen() {
    return classBySignature.size();
  }

  /** The class of {@code rune}, a code point of 128 or above. */
  int classOf(int rune) {
    int interval = interval(rune);
    int known = classOfInterval[interval];
    return known >= 0 ? known : assign(interval);
  }

  private int interval(int rune) {
    int lo = 0;
    int hi = bounds.length - 2; // the last interval starts at bounds[length - 2]
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (bounds[mid] <= rune) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** Which rune instructions the interval's code points match, as a class number shared by equal sets. */
  private synchronized int assign(int interval) {
    if (classOfInterval[interval] >= 0) {
      return classOfInterval[interval]; // another thread was first
    }
    int rune = bounds[interval];
    BitSet signature = new BitSet(runeInsts.length);
    for (int k = 0; k < runeInsts.length; k++) {
      if (LazyDfa.matches(prog.inst[runeInsts[k]], rune)) {
        signature.set(k);
      }
    }
    Integer known = classBySignature.get(signature);
    int cls = known != null ? known : classBySignature.size();
    if (known == null) {
      classBySignature.put(signature, cls);
    }
    classOfInterval[interval] = cls;
    return cls;
  }

  /** Interval starts at or above ASCII's end, collected then sorted and deduplicated. */
  private static final class Bounds {
    private int[] values = new int[64];
    private int size;

    void point(int rune) {
      add(rune);
      add(rune + 1);
    }

    void add(int bound) {
      if (bound < FIRST || bound > END) {
        return;
      }
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = bound;
    }

    int[] sorted() {
      int[] all = Arrays.copyOf(values, size);
      Arrays.sort(all);
      int unique = 0;
      for (int value : all) {
        if (unique == 0 || all[unique - 1] != value) {
          all[unique++] = value;
        }
      }
      return Arrays.copyOf(all, unique);
    }
  }
}
