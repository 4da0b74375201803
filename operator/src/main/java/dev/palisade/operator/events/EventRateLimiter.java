package dev.palisade.operator.events;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets, one per McpServer and one shared by all, so a noisy server cannot flood the API
 * server with events (nor crowd out the events of quiet servers beyond the shared budget).
 */
public final class EventRateLimiter {
  /**
   * @param burst events a key may send at once
   * @param perMinute sustained events per minute once the burst is spent
   */
  public record Limits(int burst, double perMinute) {
    /** Per server: 10 at once, then one every 6 s. */
    public static final Limits PER_SERVER = new Limits(10, 10);
    /** The whole operator: 100 at once, then two a second. */
    public static final Limits OVERALL = new Limits(100, 120);
  }

  private static final int MAX_TRACKED_SERVERS = 10_000;

  private final Limits perServer;
  private final Bucket overall;
  private final Map<String, Bucket> servers = new ConcurrentHashMap<>();
  private final Clock clock;

  public EventRateLimiter(Limits perServer, Limits overall, Clock clock) {
    this.perServer = perServer;
    this.overall = new Bucket(overall, clock.millis());
    this.clock = clock;
  }

  /** Takes a token for the server and one from the shared budget; {@code false} means drop. */
  public boolean tryAcquire(String namespace, String server) {
    long now = clock.millis();
    if (servers.size() >= MAX_TRACKED_SERVERS) {
      // a full bucket carries no information: forgetting it changes nothing
      servers.values().removeIf(b -> b.isFull(now));
    }
    Bucket bucket = servers.computeIfAbsent(namespace + "/" + server, k -> new Bucket(perServer, now));
    synchronized (this) {
      if (!bucket.hasToken(now) || !overall.hasToken(now)) {
        return false;
      }
      bucket.take();
      overall.take();
      return true;
    }
  }

  private static final class Bucket {
    private final Limits limits;
    private double tokens;
    private long refilledAt;

    Bucket(Limits limits, long now) {
      this.limits = limits;
      this.tokens = limits.burst();
      this.refilledAt = now;
    }

    synchronized boolean hasToken(long now) {
      if (now > refilledAt) {
        tokens = Math.min(limits.burst(), tokens + (now - refilledAt) * limits.perMinute() / 60_000.0);
        refilledAt = now;
      }
      return tokens >= 1;
    }

    synchronized void take() {
      tokens -= 1;
    }

    synchronized boolean isFull(long now) {
      hasToken(now);
      return tokens >= limits.burst();
    }
  }
}
