package dev.palisade.sidecar.sessions;

import dev.palisade.policy.shared.CrossServerSessions;
import dev.palisade.policy.shared.RemoteSession;
import dev.palisade.policy.shared.SharedSessionLimits;
import dev.palisade.policy.shared.SharedSessionLog;
import dev.palisade.policy.shared.SharedStep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This sidecar's copy of its namespace's cross-server sessions, and its outbox of steps to share.
 * The request path reads immutable per-agent snapshots without a lock and queues what it shares
 * without waiting (a full outbox drops the step and counts it); the channel thread applies the steps
 * the operator sends and drains the outbox. Nothing is shared before the namespace's salt arrived:
 * hashes under this process's own salt would match nothing elsewhere.
 */
public final class SharedSessionReplica implements CrossServerSessions {
  /**
   * @param maxPrincipals agents kept (least recently updated dropped first)
   * @param perSession steps and taint per agent, as in the operator
   * @param idleTimeout an agent with no new step for this long is forgotten
   * @param outboxCapacity steps waiting to go to the operator; more are dropped and counted
   */
  public record Limits(int maxPrincipals, SharedSessionLimits perSession, Duration idleTimeout, int outboxCapacity) {
    /** Worst case about 18 KB per agent, so about 4.5 MB; the outbox about 2 MB (512 steps of 512 fingerprints). */
    public static final Limits DEFAULT = new Limits(256, SharedSessionLimits.DEFAULT, Duration.ofMinutes(30), 512);
  }

  private record View(RemoteSession session, Instant updated) {}

  private final Limits limits;
  private final Map<String, View> views = new ConcurrentHashMap<>();
  private final LinkedHashMap<String, SharedSessionLog> logs = new LinkedHashMap<>(16, 0.75f, true);
  private final ArrayBlockingQueue<SharedStep> outbox;
  private final AtomicLong droppedFull = new AtomicLong();
  private final AtomicLong droppedUnsalted = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private volatile boolean salted;
  private volatile Runnable onShare = () -> { };

  public SharedSessionReplica(Limits limits) {
    this.limits = limits;
    this.outbox = new ArrayBlockingQueue<>(limits.outboxCapacity());
  }

  @Override
  public RemoteSession of(String principal, Instant now) {
    View view = views.get(principal);
    if (view == null || view.updated().plus(limits.idleTimeout()).isBefore(now)) {
      return RemoteSession.EMPTY;
    }
    return view.session();
  }

  @Override
  public void share(SharedStep step) {
    if (!salted) {
      droppedUnsalted.incrementAndGet();
      return;
    }
    if (!outbox.offer(step)) {
      droppedFull.incrementAndGet();
      return;
    }
    onShare.run();
  }

  /** The namespace's salt is in use: steps hashed from now on may be shared. */
  void salted() {
    salted = true;
  }

  /** Told whenever a step was queued (the channel sends soon after). */
  void onShare(Runnable listener) {
    this.onShare = listener;
  }

  /** Takes up to {@code max} queued steps, oldest first. */
  List<SharedStep> drain(int max) {
    List<SharedStep> steps = new ArrayList<>(Math.min(max, outbox.size()));
    outbox.drainTo(steps, max);
    return steps;
  }

  boolean outboxEmpty() {
    return outbox.isEmpty();
  }

  /** Steps the operator refused as malformed (never sent again). */
  void refused(int steps) {
    refused.addAndGet(steps);
  }

  /** Adds the steps other sidecars shared (oldest first), received at {@code now}, and publishes new snapshots of the agents they concern. */
  synchronized void apply(List<SharedStep> steps, Instant now) {
    forgetIdle(now);
    Set<String> touched = new LinkedHashSet<>();
    for (SharedStep step : steps) {
      SharedSessionLog log = logs.get(step.principal());
      if (log == null) {
        if (logs.size() >= limits.maxPrincipals()) {
          Iterator<Map.Entry<String, SharedSessionLog>> eldest = logs.entrySet().iterator();
          views.remove(eldest.next().getKey());
          eldest.remove();
        }
        log = new SharedSessionLog(limits.perSession());
        logs.put(step.principal(), log);
      }
      log.append(new SharedSessionLog.Entry(log.lastRevision() + 1, null, step));
      log.touch(now);
      touched.add(step.principal());
    }
    for (String principal : touched) {
      views.put(principal, new View(logs.get(principal).snapshot(), now));
    }
    received.addAndGet(steps.size());
  }

  private void forgetIdle(Instant now) {
    Instant cutoff = now.minus(limits.idleTimeout());
    for (Iterator<Map.Entry<String, SharedSessionLog>> it = logs.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, SharedSessionLog> eldest = it.next();
      if (!eldest.getValue().lastSeen().isBefore(cutoff)) {
        return;
      }
      views.remove(eldest.getKey());
      it.remove();
    }
  }

  /** Agents this copy knows steps of. */
  public int principals() {
    return views.size();
  }

  public long received() {
    return received.get();
  }

  /** Steps dropped because the outbox was full (the operator unreachable or slow). */
  public long droppedFull() {
    return droppedFull.get();
  }

  /** Steps not shared because the namespace's salt had not arrived yet. */
  public long droppedUnsalted() {
    return droppedUnsalted.get();
  }

  /** Steps the operator refused as malformed. */
  public long refused() {
    return refused.get();
  }
}
