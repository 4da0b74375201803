package dev.palisade.sidecar.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Kubernetes ServiceAccount tokens that agents present in the {@value #HEADER} header, verified by
 * the operator (the sidecar has no right to call TokenReview itself). Answers are cached for a
 * minute under a hash of the token, never the token, in a bounded map.
 */
public final class AgentTokens {
  public static final String HEADER = "Palisade-Agent-Token";
  private static final int MAX_CACHED = 1024;
  private static final Duration CACHE_FOR = Duration.ofMinutes(1);

  private final Function<String, CompletableFuture<Optional<String>>> verifier;
  private final Clock clock;
  private final LinkedHashMap<String, Cached> cache = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
      return size() > MAX_CACHED;
    }
  };

  private record Cached(Optional<String> principal, Instant until) {}

  /** @param verifier asks the operator; completes with the principal or empty, fails when it cannot ask */
  public AgentTokens(Function<String, CompletableFuture<Optional<String>>> verifier, Clock clock) {
    this.verifier = verifier;
    this.clock = clock;
  }

  public CompletableFuture<Optional<String>> principal(String token) {
    String key = sha256(token);
    synchronized (cache) {
      Cached cached = cache.get(key);
      if (cached != null && clock.instant().isBefore(cached.until())) {
        return CompletableFuture.completedFuture(cached.principal());
      }
    }
    return verifier.apply(token).thenApply(principal -> {
      synchronized (cache) {
        cache.put(key, new Cached(principal, clock.instant().plus(CACHE_FOR)));
      }
      return principal;
    });
  }

  private static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
