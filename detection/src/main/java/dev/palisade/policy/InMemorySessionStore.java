package dev.palisade.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Sessions in this process: at most {@code maxSessions}, least recently used evicted first, and
 * sessions idle longer than {@code idleTimeout} dropped as they are met.
 */
public final class InMemorySessionStore implements SessionStore {
  private final int maxSessions;
  private final Duration idleTimeout;
  private final LinkedHashMap<String, SessionState> sessions;

  public InMemorySessionStore(int maxSessions, Duration idleTimeout) {
    this.maxSessions = maxSessions;
    this.idleTimeout = idleTimeout;
    this.sessions = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, SessionState> eldest) {
        return size() > InMemorySessionStore.this.maxSessions;
      }
    };
  }

  @Override
  public synchronized <T> T update(String sessionKey, Instant now, Function<SessionState, T> action) {
    evictIdle(now);
    SessionState state = sessions.computeIfAbsent(sessionKey, k -> new SessionState());
    state.touch(now);
    return action.apply(state);
  }

  private void evictIdle(Instant now) {
    Instant cutoff = now.minus(idleTimeout);
    // access order: the eldest entries are the idlest, so stop at the first recent one
    for (Iterator<SessionState> it = sessions.values().iterator(); it.hasNext(); ) {
      if (!it.next().lastSeen().isBefore(cutoff)) {
        return;
      }
      it.remove();
    }
  }

  @Override
  public synchronized int size() {
    return sessions.size();
  }
}
