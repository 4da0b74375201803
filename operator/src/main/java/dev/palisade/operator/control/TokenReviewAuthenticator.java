package dev.palisade.operator.control;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies projected ServiceAccount tokens with the API server (TokenReview, audience
 * {@code palisade}): a token for any other audience, such as the workload's own API token, is
 * refused. Positive answers are remembered briefly (by token hash) so that long-polling sidecars do
 * not cost a TokenReview per request.
 */
public final class TokenReviewAuthenticator implements SidecarAuthenticator {
  static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";
  static final String POD_NAME_EXTRA = "authentication.kubernetes.io/pod-name";
  private static final int CACHE_SIZE = 4096;

  private final KubernetesClient client;
  private final String audience;
  private final Duration cacheFor;
  private final Clock clock;
  private final Map<String, Cached> cache = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
      return size() > CACHE_SIZE;
    }
  };

  private record Cached(SidecarIdentity identity, Instant until) {}

  public TokenReviewAuthenticator(KubernetesClient client, String audience, Duration cacheFor, Clock clock) {
    this.client = client;
    this.audience = audience;
    this.cacheFor = cacheFor;
    this.clock = clock;
  }

  @Override
  public Optional<SidecarIdentity> authenticate(String token) throws AuthenticationUnavailable {
    String key = sha256(token);
    Instant now = clock.instant();
    synchronized (cache) {
      Cached hit = cache.get(key);
      if (hit != null && hit.until().isAfter(now)) {
        return Optional.of(hit.identity());
      }
    }
    TokenReview review;
    try {
      review = client.authentication().v1().tokenReviews().create(new TokenReviewBuilder()
          .withNewSpec().withToken(token).withAudiences(audience).endSpec().build());
    } catch (KubernetesClientException e) {
      throw new AuthenticationUnavailable("TokenReview failed: HTTP " + e.getCode(), e);
    }
    Optional<SidecarIdentity> identity = identity(review, audience);
    identity.ifPresent(id -> {
      synchronized (cache) {
        cache.put(key, new Cached(id, now.plus(cacheFor)));
      }
    });
    return identity;
  }

  static Optional<SidecarIdentity> identity(TokenReview review, String audience) {
    if (review == null || review.getStatus() == null || !Boolean.TRUE.equals(review.getStatus().getAuthenticated())) {
      return Optional.empty();
    }
    List<String> audiences = review.getStatus().getAudiences();
    if (audiences == null || !audiences.contains(audience)) {
      return Optional.empty();
    }
    UserInfo user = review.getStatus().getUser();
    String name = user == null ? null : user.getUsername();
    if (name == null || !name.startsWith(SERVICE_ACCOUNT_PREFIX)) {
      return Optional.empty();
    }
    String[] parts = name.substring(SERVICE_ACCOUNT_PREFIX.length()).split(":", 2);
    if (parts.length != 2) {
      return Optional.empty();
    }
    List<String> pods = user.getExtra() == null ? null : user.getExtra().get(POD_NAME_EXTRA);
    String pod = pods == null || pods.isEmpty() ? null : pods.get(0);
    return Optional.of(new SidecarIdentity(parts[0], parts[1], pod));
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
