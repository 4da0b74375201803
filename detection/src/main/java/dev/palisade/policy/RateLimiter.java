package dev.palisade.policy;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets, one per rate limit and key (agent, tool, or both). Refill is computed from the
 * injected clock when a bucket is used, so tests move time instead of sleeping. The number of
 * buckets is bounded; the least recently used are forgotten (a forgotten bucket starts full).
 */
public final class RateLimiter {
  private final Clock clock;
  private final int maxBuckets;
  private final LinkedHashMap<String, Bucket> buckets;

  private static final class Bucket {
    double tokens;
    long updatedNanos;
  }

  public RateLimiter(Clock clock, int maxBuckets) {
    this.clock = clock;
    this.maxBuckets = maxBuckets;
    this.buckets = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
        return size() > RateLimiter.this.maxBuckets;
      }
    };
  }

  /** Takes a token for this key; false when the bucket is empty (the call is over the limit). */
  public synchronized boolean tryAcquire(RateLimit limit, String key) {
    long now = nanos();
    Bucket bucket = buckets.computeIfAbsent(limit.name() + '\u0000' + key, k -> {
      Bucket fresh = new Bucket();
      fresh.tokens = limit.burst();
      fresh.updatedNanos = now;
      return fresh;
    });
    double refilled = (now - bucket.updatedNanos) * limit.tokensPerNanosecond();
    bucket.tokens = Math.min(limit.burst(), bucket.tokens + refilled);
    bucket.updatedNanos = now;
    if (bucket.tokens < 1.0) {
      return false;
    }
    bucket.tokens -= 1.0;
    return true;
  }

  /** Seconds until this key may call again (for Retry-After), at least 1. */
  public synchronized long retryAfterSeconds(RateLimit limit) {
    return Math.max(1, (long) Math.ceil(1.0 / limit.tokensPerNanosecond() / 1e9));
  }

  private long nanos() {
    java.time.Instant instant = clock.instant();
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }
}
