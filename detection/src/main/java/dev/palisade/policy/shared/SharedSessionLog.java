package dev.palisade.policy.shared;

import dev.palisade.inspection.Category;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The recent shared steps of one agent, bounded by {@link SharedSessionLimits}: the oldest steps, and
 * the taint they brought, go first. Each step keeps the revision it was stored under and the sidecar
 * it came from, so a reader can ask for what is newer than what it has, leaving out its own steps.
 * Used by the operator's store and by each sidecar's copy; not thread-safe (its owner locks).
 */
public final class SharedSessionLog {
  /** One stored step. @param sidecar the sidecar instance that shared it, or {@code null} when unknown */
  public record Entry(long revision, String sidecar, SharedStep step) {}

  private final SharedSessionLimits limits;
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private int valueHashes;
  private int prints;
  private Instant lastSeen = Instant.EPOCH;

  public SharedSessionLog(SharedSessionLimits limits) {
    this.limits = limits;
  }

  /** Adds a step; revisions must grow. */
  public void append(Entry entry) {
    entries.addLast(entry);
    valueHashes += entry.step().valueHashes().length;
    prints += entry.step().prints().length;
    while (entries.size() > 1 && (entries.size() > limits.maxSteps() || valueHashes > limits.maxValueHashes()
        || prints > limits.maxPrints())) {
      Entry oldest = entries.removeFirst();
      valueHashes -= oldest.step().valueHashes().length;
      prints -= oldest.step().prints().length;
    }
  }

  /** The revision of the newest step, or 0 when there is none. */
  public long lastRevision() {
    return entries.isEmpty() ? 0 : entries.peekLast().revision();
  }

  /** Adds to {@code out}, oldest first, the steps stored after {@code revision} that {@code exceptSidecar} did not share. */
  public void entriesAfter(long revision, String exceptSidecar, List<Entry> out) {
    int newer = 0;
    for (Iterator<Entry> it = entries.descendingIterator(); it.hasNext() && it.next().revision() > revision; ) {
      newer++;
    }
    int skip = entries.size() - newer;
    for (Entry entry : entries) {
      if (skip-- > 0) {
        continue;
      }
      if (exceptSidecar == null || !exceptSidecar.equals(entry.sidecar())) {
        out.add(entry);
      }
    }
  }

  public int size() {
    return entries.size();
  }

  /** The session as sequence rules read it: steps newest first, taint as sorted hashes. */
  public RemoteSession snapshot() {
    List<RemoteSession.Step> steps = new ArrayList<>(entries.size());
    Set<Category> taint = EnumSet.noneOf(Category.class);
    long[] allHashes = new long[valueHashes];
    long[] allPrints = new long[prints];
    int h = 0;
    int p = 0;
    for (Iterator<Entry> it = entries.descendingIterator(); it.hasNext(); ) {
      SharedStep step = it.next().step();
      steps.add(new RemoteSession.Step(step.server(), step.asStep()));
      taint.addAll(step.taint());
      System.arraycopy(step.valueHashes(), 0, allHashes, h, step.valueHashes().length);
      h += step.valueHashes().length;
      System.arraycopy(step.prints(), 0, allPrints, p, step.prints().length);
      p += step.prints().length;
    }
    return new RemoteSession(steps, taint, sortedDistinct(allHashes), sortedDistinct(allPrints));
  }

  private static long[] sortedDistinct(long[] values) {
    if (values.length == 0) {
      return values;
    }
    Arrays.sort(values);
    int distinct = 1;
    for (int i = 1; i < values.length; i++) {
      if (values[i] != values[distinct - 1]) {
        values[distinct++] = values[i];
      }
    }
    return distinct == values.length ? values : Arrays.copyOf(values, distinct);
  }

  public Instant lastSeen() {
    return lastSeen;
  }

  public void touch(Instant now) {
    lastSeen = now;
  }
}
