package dev.palisade.operator.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.operator.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventRateLimiterTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));

  @Test
  void aNoisyServerSpendsItsBurstThenGetsTheSustainedRate() {
    EventRateLimiter limiter = new EventRateLimiter(new EventRateLimiter.Limits(3, 6), new EventRateLimiter.Limits(100, 600),
        clock);
    assertThat(limiter.tryAcquire("a", "noisy")).isTrue();
    assertThat(limiter.tryAcquire("a", "noisy")).isTrue();
    assertThat(limiter.tryAcquire("a", "noisy")).isTrue();
    assertThat(limiter.tryAcquire("a", "noisy")).isFalse();
    assertThat(limiter.tryAcquire("a", "quiet")).as("other servers keep their own budget").isTrue();

    clock.advance(Duration.ofSeconds(9));
    assertThat(limiter.tryAcquire("a", "noisy")).as("6/min: not yet 10 s").isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(limiter.tryAcquire("a", "noisy")).isTrue();
    assertThat(limiter.tryAcquire("a", "noisy")).isFalse();

    clock.advance(Duration.ofHours(1));
    int granted = 0;
    for (int i = 0; i < 10; i++) {
      granted += limiter.tryAcquire("a", "noisy") ? 1 : 0;
    }
    assertThat(granted).as("idle time refills only up to the burst").isEqualTo(3);
  }

  @Test
  void theSharedBudgetCapsAllServersTogether() {
    EventRateLimiter limiter = new EventRateLimiter(new EventRateLimiter.Limits(10, 10), new EventRateLimiter.Limits(4, 1),
        clock);
    int granted = 0;
    for (int server = 0; server < 10; server++) {
      granted += limiter.tryAcquire("a", "server-" + server) ? 1 : 0;
    }
    assertThat(granted).isEqualTo(4);
  }
}
