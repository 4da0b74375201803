package dev.palisade.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Sessions in this process: at most {@code maxSessions}, least recently used evicted first, and
 * sessions idle longer than {@code idleTimeout} dropped as they are met. The fingerprints all
 * sessions hold together are bounded as well: without that, agents opening sessions under fresh
 * trace ids and filling each with private data could hold 10,000 full sessions (gigabytes) and
 * take the sidecar down; past the budget the least recently used sessions go first.
 */
public final class InMemorySessionStore implements SessionStore {
  /** About 24 MB of fingerprints: 500 sessions at their bound, or 10,000 typical ones. */
  public static final long DEFAULT_MAX_FINGERPRINTS = 1_000_000;

  private final int maxSessions;
  private final long maxFingerprints;
  private final Duration idleTimeout;
  private final LinkedHashMap<String, SessionState> sessions;
  private long fingerprints;
  private long evictedForMemory;

  public InMemorySessionStore(int maxSessions, Duration idleTimeout) {
    this(maxSessions, DEFAULT_MAX_FINGERPRINTS, idleTimeout);
  }

  public InMemorySessionStore(int maxSessions, long maxFingerprints, Duration idleTimeout) {
    this.maxSessions = maxSessions;
    this.maxFingerprints = maxFingerprints;
    this.idleTimeout = idleTimeout;
    this.sessions = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, SessionState> eldest) {
        boolean evict = size() > InMemorySessionStore.this.maxSessions;
        if (evict) {
          fingerprints -= eldest.getValue().fingerprints();
        }
        return evict;
      }
    };
  }

  @Override
  public synchronized <T> T update(String sessionKey, Instant now, Function<SessionState, T> action) {
    evictIdle(now);
    SessionState state = sessions.computeIfAbsent(sessionKey, k -> new SessionState());
    state.touch(now);
    int before = state.fingerprints();
    try {
      return action.apply(state);
    } finally {
      fingerprints += state.fingerprints() - before;
      evictForMemory(state);
    }
  }

  /** Least recently used sessions first, never the one just updated. */
  private void evictForMemory(SessionState current) {
    for (Iterator<SessionState> it = sessions.values().iterator(); fingerprints > maxFingerprints && it.hasNext(); ) {
      SessionState eldest = it.next();
      if (eldest != current) {
        fingerprints -= eldest.fingerprints();
        it.remove();
        evictedForMemory++;
      }
    }
  }

  /** Fingerprints all sessions hold now. */
  public synchronized long fingerprints() {
    return fingerprints;
  }

  /** Sessions dropped before their time to keep the fingerprints within budget. */
  public synchronized long evictedForMemory() {
    return evictedForMemory;
  }

  private void evictIdle(Instant now) {
    Instant cutoff = now.minus(idleTimeout);
    // access order: the eldest entries are the idlest, so stop at the first recent one
    for (Iterator<SessionState> it = sessions.values().iterator(); it.hasNext(); ) {
      SessionState eldest = it.next();
      if (!eldest.lastSeen().isBefore(cutoff)) {
        return;
      }
      fingerprints -= eldest.fingerprints();
      it.remove();
    }
  }

  @Override
  public synchronized int size() {
    return sessions.size();
  }
}
