package dev.palisade.sidecar.control;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Violations waiting to reach the operator, bounded by distinct kinds: a repeat only raises a count,
 * so an outage costs memory per kind of violation, not per occurrence. When full, new kinds are
 * dropped and counted (never the event loop blocked).
 */
public final class ReportBuffer {
  private final int capacity;
  private final LinkedHashMap<ReportedViolation.Key, ReportedViolation> pending = new LinkedHashMap<>();
  private final AtomicLong dropped = new AtomicLong();

  public ReportBuffer(int capacity) {
    this.capacity = capacity;
  }

  /** Adds one violation; false when it was dropped because the buffer is full. */
  public synchronized boolean add(ReportedViolation violation) {
    ReportedViolation known = pending.get(violation.key());
    if (known != null) {
      pending.put(violation.key(), known.plus(violation));
      return true;
    }
    if (pending.size() >= capacity) {
      dropped.addAndGet(violation.occurrences());
      return false;
    }
    pending.put(violation.key(), violation);
    return true;
  }

  /** Takes up to {@code max} kinds, oldest first. */
  public synchronized List<ReportedViolation> drain(int max) {
    List<ReportedViolation> taken = new ArrayList<>(Math.min(max, pending.size()));
    for (Iterator<ReportedViolation> it = pending.values().iterator(); it.hasNext() && taken.size() < max; ) {
      taken.add(it.next());
      it.remove();
    }
    return taken;
  }

  /** Counts occurrences that were given up (buffer full, or a report the operator refused as malformed). */
  public void dropped(long occurrences) {
    dropped.addAndGet(occurrences);
  }

  public long dropped() {
    return dropped.get();
  }

  public synchronized int size() {
    return pending.size();
  }
}
