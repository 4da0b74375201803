package dev.palisade.operator.sessions;

import dev.palisade.policy.shared.SharedSessionLimits;
import dev.palisade.policy.shared.SharedSessionLog;
import dev.palisade.policy.shared.SharedStep;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The operator's store of cross-server sessions: per namespace and agent principal, the steps the
 * namespace's sidecars shared ({@link SharedSessionLog}), each under a revision from one counter, so
 * a sidecar asks for what is newer than what it has. It lives in the memory of the leader, which alone
 * serves the control API; a new leader starts empty under a new {@link #epoch()}.
 *
 * <p>Bounded: {@link Limits#maxSessions()} sessions in all (the idlest anywhere goes first),
 * {@link Limits#maxSessionsPerNamespace()} per namespace (its least recently used goes first), each
 * session bounded by {@link SharedSessionLimits}, and sessions idle for {@link Limits#idleTimeout()}
 * dropped. Namespaces never see each other's sessions.
 */
public final class SharedSessionStore {
  /**
   * @param maxSessions sessions held in all namespaces together
   * @param maxSessionsPerNamespace sessions (agent principals) held per namespace
   * @param perSession steps and taint per session
   * @param idleTimeout a session nobody shared a step of for this long is dropped
   * @param maxSidecarsPerNamespace sidecar instances whose last batch number is remembered (retries are applied once)
   */
  public record Limits(int maxSessions, int maxSessionsPerNamespace, SharedSessionLimits perSession, Duration idleTimeout,
      int maxSidecarsPerNamespace) {
    /** Worst case about 18 KB per session (64 steps, 1,280 hashes), so about 70 MB for 4,000 full sessions. */
    public static final Limits DEFAULT = new Limits(4_000, 1_000, SharedSessionLimits.DEFAULT, Duration.ofMinutes(30), 1_024);
  }

  /** What became of a batch of steps. */
  public enum Stored { APPLIED, DUPLICATE }

  /**
   * Steps of a namespace newer than a reader's revision.
   *
   * @param revision what the reader has seen after these entries (its next {@code since})
   * @param more whether entries were left out to bound the answer (ask again at once)
   */
  public record Changes(String epoch, long revision, List<SharedSessionLog.Entry> entries, boolean more) {}

  private static final class Namespace {
    final LinkedHashMap<String, SharedSessionLog> sessions = new LinkedHashMap<>(16, 0.75f, true);
    final LinkedHashMap<String, Long> batches = new LinkedHashMap<>(16, 0.75f, true);
    Instant lastActivity = Instant.EPOCH;
  }

  private final Limits limits;
  private final Clock clock;
  private final String epoch = UUID.randomUUID().toString();
  private final Map<String, Namespace> namespaces = new HashMap<>();
  private long revision;
  private int sessions;
  private long evictedIdle;
  private long evictedForRoom;
  private long stepsStored;

  public SharedSessionStore(Limits limits, Clock clock) {
    this.limits = limits;
    this.clock = clock;
  }

  /** This store's identity: a reader holding revisions of another epoch starts over. */
  public String epoch() {
    return epoch;
  }

  /**
   * Stores a batch of steps one sidecar shared; a batch number it already stored is a retry and
   * changes nothing.
   *
   * @param server the McpServer the sidecar protects (from the authorized route, never from the body)
   * @param sidecar the sidecar instance; @param batch its batch number, growing with every new batch
   */
  public synchronized Stored append(String namespace, String server, String sidecar, long batch, List<SharedStep> steps) {
    Instant now = clock.instant();
    evictIdle(now);
    Namespace space = namespaces.computeIfAbsent(namespace, n -> new Namespace());
    space.lastActivity = now;
    Long last = space.batches.get(sidecar);
    if (last != null && batch <= last) {
      return Stored.DUPLICATE;
    }
    space.batches.put(sidecar, batch);
    if (space.batches.size() > limits.maxSidecarsPerNamespace()) {
      Iterator<String> eldest = space.batches.keySet().iterator();
      eldest.next();
      eldest.remove();
    }
    for (SharedStep step : steps) {
      SharedSessionLog log = space.sessions.get(step.principal());
      if (log == null) {
        log = open(space, step.principal());
      }
      log.append(new SharedSessionLog.Entry(++revision, sidecar, step.at(server)));
      log.touch(now);
      stepsStored++;
    }
    return Stored.APPLIED;
  }

  private SharedSessionLog open(Namespace space, String principal) {
    if (space.sessions.size() >= limits.maxSessionsPerNamespace()) {
      removeEldest(space);
      evictedForRoom++;
    } else if (sessions >= limits.maxSessions()) {
      namespaces.values().stream().filter(n -> !n.sessions.isEmpty())
          .min(Comparator.comparing(n -> n.sessions.values().iterator().next().lastSeen()))
          .ifPresent(SharedSessionStore.this::removeEldest);
      evictedForRoom++;
    }
    SharedSessionLog log = new SharedSessionLog(limits.perSession());
    space.sessions.put(principal, log);
    sessions++;
    return log;
  }

  private void removeEldest(Namespace space) {
    Iterator<SharedSessionLog> eldest = space.sessions.values().iterator();
    eldest.next();
    eldest.remove();
    sessions--;
  }

  /** Drops idle sessions (access order: the eldest are the idlest) and namespaces with nothing left. */
  private void evictIdle(Instant now) {
    Instant cutoff = now.minus(limits.idleTimeout());
    for (Iterator<Namespace> spaces = namespaces.values().iterator(); spaces.hasNext(); ) {
      Namespace space = spaces.next();
      for (Iterator<SharedSessionLog> it = space.sessions.values().iterator(); it.hasNext(); ) {
        if (!it.next().lastSeen().isBefore(cutoff)) {
          break;
        }
        it.remove();
        sessions--;
        evictedIdle++;
      }
      if (space.sessions.isEmpty() && space.lastActivity.isBefore(cutoff)) {
        spaces.remove();
      }
    }
  }

  /**
   * The steps of {@code namespace} stored after {@code since}, oldest first, without those
   * {@code reader} shared itself; at most {@code maxEntries} of them.
   *
   * @param readerEpoch the epoch {@code since} belongs to; another one (or none) means from the start
   */
  public synchronized Changes changesSince(String namespace, String readerEpoch, long since, String reader,
      int maxEntries) {
    long from = epoch.equals(readerEpoch) && since <= revision ? since : 0;
    evictIdle(clock.instant());
    Namespace space = namespaces.get(namespace);
    List<SharedSessionLog.Entry> entries = new ArrayList<>();
    if (space != null) {
      for (SharedSessionLog log : space.sessions.values()) {
        if (log.lastRevision() > from) {
          log.entriesAfter(from, reader, entries);
        }
      }
    }
    entries.sort(Comparator.comparingLong(SharedSessionLog.Entry::revision));
    if (entries.size() > maxEntries) {
      List<SharedSessionLog.Entry> first = List.copyOf(entries.subList(0, maxEntries));
      return new Changes(epoch, first.get(maxEntries - 1).revision(), first, true);
    }
    return new Changes(epoch, revision, entries, false);
  }

  public synchronized int sessions() {
    return sessions;
  }

  public synchronized long stepsStored() {
    return stepsStored;
  }

  /** Sessions dropped because they were idle. */
  public synchronized long evictedIdle() {
    return evictedIdle;
  }

  /** Sessions dropped to make room for a new one (a bound was reached). */
  public synchronized long evictedForRoom() {
    return evictedForRoom;
  }
}
