package dev.palisade.policy;

import java.util.Arrays;

/**
 * A bounded set of 64-bit fingerprints that forgets the least recently added first, in primitive
 * arrays: about 24 bytes a fingerprint where a {@code LinkedHashSet<Long>} took about 100 (and a
 * hex string of a hash about 150). A session holds two of these, so a full session costs tens of
 * kilobytes instead of two hundred. Starts small and grows to its bound. Not thread-safe: a session
 * is only touched inside its store's lock.
 */
final class FingerprintSet {
  private static final int EMPTY = -1;
  private static final int INITIAL_CAPACITY = 16;

  private final int maxSize;
  /** Per slot: the fingerprint and its neighbours in recency order (a doubly linked list in arrays). */
  private long[] keys;
  private int[] older;
  private int[] newer;
  /** Open addressing, linear probing: slot numbers, {@link #EMPTY} where free. Twice the capacity. */
  private int[] table;
  private int oldest = EMPTY;
  private int newest = EMPTY;
  private int size;

  FingerprintSet(int maxSize) {
    if (maxSize < 1) {
      throw new IllegalArgumentException("maxSize must be positive");
    }
    this.maxSize = maxSize;
    allocate(Math.min(INITIAL_CAPACITY, maxSize));
  }

  int size() {
    return size;
  }

  boolean contains(long key) {
    return table[find(key)] != EMPTY;
  }

  /** Adds {@code key} as the newest, or makes it the newest again; forgets the oldest past the bound. */
  void add(long key) {
    int position = find(key);
    int slot = table[position];
    if (slot != EMPTY) {
      unlink(slot);
      link(slot);
      return;
    }
    if (size == maxSize) {
      forgetOldest();
      position = find(key);
    } else if (size == keys.length) {
      grow();
      position = find(key);
    }
    slot = size++;
    keys[slot] = key;
    link(slot);
    table[position] = slot;
  }

  private void forgetOldest() {
    int slot = oldest;
    removeFromTable(keys[slot]);
    unlink(slot);
    // keep slots dense: the last slot moves into the freed one
    int last = --size;
    if (slot != last) {
      moveSlot(last, slot);
    }
  }

  private void moveSlot(int from, int to) {
    keys[to] = keys[from];
    older[to] = older[from];
    newer[to] = newer[from];
    if (older[to] != EMPTY) {
      newer[older[to]] = to;
    } else {
      oldest = to;
    }
    if (newer[to] != EMPTY) {
      older[newer[to]] = to;
    } else {
      newest = to;
    }
    table[find(keys[to])] = to;
  }

  private void link(int slot) {
    older[slot] = newest;
    newer[slot] = EMPTY;
    if (newest != EMPTY) {
      newer[newest] = slot;
    } else {
      oldest = slot;
    }
    newest = slot;
  }

  private void unlink(int slot) {
    if (older[slot] != EMPTY) {
      newer[older[slot]] = newer[slot];
    } else {
      oldest = newer[slot];
    }
    if (newer[slot] != EMPTY) {
      older[newer[slot]] = older[slot];
    } else {
      newest = older[slot];
    }
  }

  /** The table position of {@code key}, or the free position where it would go. */
  private int find(long key) {
    int mask = table.length - 1;
    int position = mix(key) & mask;
    while (table[position] != EMPTY && keys[table[position]] != key) {
      position = (position + 1) & mask;
    }
    return position;
  }

  /** Linear-probing deletion: later entries of the run move back so that no lookup stops early. */
  private void removeFromTable(long key) {
    int mask = table.length - 1;
    int hole = find(key);
    table[hole] = EMPTY;
    for (int position = (hole + 1) & mask; table[position] != EMPTY; position = (position + 1) & mask) {
      int home = mix(keys[table[position]]) & mask;
      boolean homeAfterHole = hole <= position ? home > hole && home <= position : home > hole || home <= position;
      if (!homeAfterHole) {
        table[hole] = table[position];
        table[position] = EMPTY;
        hole = position;
      }
    }
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldNewer = newer;
    int first = oldest;
    int count = size;
    allocate(Math.min(keys.length * 2, maxSize));
    size = 0;
    oldest = EMPTY;
    newest = EMPTY;
    for (int slot = first, i = 0; i < count; slot = oldNewer[slot], i++) {
      keys[size] = oldKeys[slot];
      link(size);
      table[find(oldKeys[slot])] = size;
      size++;
    }
  }

  private void allocate(int capacity) {
    keys = new long[capacity];
    older = new int[capacity];
    newer = new int[capacity];
    table = new int[Integer.highestOneBit(capacity * 2 - 1) * 2]; // a power of two, at most half full
    Arrays.fill(table, EMPTY);
  }

  private static int mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
