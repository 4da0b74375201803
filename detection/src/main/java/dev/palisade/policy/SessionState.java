package dev.palisade.policy;

import dev.palisade.inspection.Category;
import dev.palisade.inspection.Direction;
import dev.palisade.policy.shared.SharedStep;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Set;

/**
 * What Palisade remembers of one agent session: the recent steps (for sequence rules) and what the
 * session was tainted with (categories and fingerprints of sensitive values, never the values).
 * Everything is bounded: {@value #MAX_STEPS} steps and {@value #MAX_FINGERPRINTS} fingerprints of each
 * kind, about 60 KB for a session at every bound; an idle session costs a few hundred bytes.
 */
public final class SessionState {
  static final int MAX_STEPS = 64;
  static final int MAX_FINGERPRINTS = 1024;

  /** One message of the session as sequence rules see it. */
  public record Step(long index, Instant time, Direction direction, String method, String tool, Set<ToolRole> roles,
      Set<Category> categories, boolean carriesTaint, boolean carriesData) {}

  private final Deque<Step> steps = new ArrayDeque<>();
  private final Set<Category> taintCategories = EnumSet.noneOf(Category.class);
  /** 64-bit keys of the evidence hashes of sensitive values ({@link SharedStep#valueKey}). */
  private final FingerprintSet valueKeys = new FingerprintSet(MAX_FINGERPRINTS);
  private final FingerprintSet wordPrints = new FingerprintSet(MAX_FINGERPRINTS);
  private long nextIndex;
  private Instant lastSeen = Instant.EPOCH;

  public long nextIndex() {
    return nextIndex;
  }

  public Iterable<Step> stepsNewestFirst() {
    return steps::descendingIterator;
  }

  public void add(Step step) {
    steps.addLast(step);
    nextIndex = step.index() + 1;
    if (steps.size() > MAX_STEPS) {
      steps.removeFirst();
    }
  }

  public void taint(Set<Category> categories, Set<String> hashes, Set<Long> prints) {
    taintCategories.addAll(categories);
    for (String hash : hashes) {
      valueKeys.add(SharedStep.valueKey(hash));
    }
    for (Long print : prints) {
      wordPrints.add(print);
    }
  }

  public boolean tainted() {
    return !taintCategories.isEmpty() || wordPrints.size() > 0;
  }

  /** Fingerprints held (value keys and word prints): what the store weighs sessions by. */
  public int fingerprints() {
    return valueKeys.size() + wordPrints.size();
  }

  public Set<Category> taintCategories() {
    return Set.copyOf(taintCategories);
  }

  /** Whether any of these value hashes or word fingerprints was seen as tainted data. */
  public boolean carries(Set<String> hashes, Set<Long> prints) {
    for (String hash : hashes) {
      if (valueKeys.contains(SharedStep.valueKey(hash))) {
        return true;
      }
    }
    for (Long print : prints) {
      if (wordPrints.contains(print)) {
        return true;
      }
    }
    return false;
  }

  public Instant lastSeen() {
    return lastSeen;
  }

  public void touch(Instant now) {
    lastSeen = now;
  }
}
