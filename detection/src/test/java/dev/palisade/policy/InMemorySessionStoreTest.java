package dev.palisade.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.inspection.Category;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class InMemorySessionStoreTest {
  private static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");

  @Test
  void fingerprintsOfAllSessionsStayWithinTheBudgetLeastRecentlyUsedFirst() {
    InMemorySessionStore store = new InMemorySessionStore(10_000, 3_000, Duration.ofMinutes(30));
    for (int session = 0; session < 10; session++) {
      long first = session * 1_000L;
      store.update("s" + session, NOW, state -> {
        state.taint(Set.of(Category.PII), Set.of(), prints(first, 1_000));
        return null;
      });
      assertThat(store.fingerprints()).isLessThanOrEqualTo(3_000);
    }
    assertThat(store.size()).isEqualTo(3);
    assertThat(store.evictedForMemory()).isEqualTo(7);
    // the newest three are kept, with their taint
    boolean newestKept = store.update("s9", NOW, state -> state.carries(Set.of(), Set.of(9_500L)));
    boolean oldestKept = store.update("s0", NOW, state -> state.carries(Set.of(), Set.of(500L)));
    assertThat(newestKept).isTrue();
    assertThat(oldestKept).isFalse();
  }

  @Test
  void evictionsByCountAndIdlenessGiveTheirFingerprintsBack() {
    InMemorySessionStore store = new InMemorySessionStore(2, 1_000_000, Duration.ofMinutes(30));
    for (int session = 0; session < 3; session++) {
      store.update("s" + session, NOW, state -> {
        state.taint(Set.of(Category.PII), Set.of("00112233445566778899aabbccddeeff"), prints(0, 100));
        return null;
      });
    }
    assertThat(store.fingerprints()).isEqualTo(2 * 101);
    store.update("late", NOW.plus(Duration.ofHours(1)), state -> null);
    assertThat(store.size()).isEqualTo(1);
    assertThat(store.fingerprints()).isZero();
  }

  @Test
  void aFullSessionHoldsEachKindOfFingerprintUpToItsBound() {
    SessionState state = new SessionState();
    Set<String> hashes = new HashSet<>();
    for (int i = 0; i < 2 * SessionState.MAX_FINGERPRINTS; i++) {
      hashes.add(String.format("%016x%016x", i * 0x9E3779B97F4A7C15L, i));
    }
    state.taint(Set.of(Category.SECRET), hashes, prints(0, 2 * SessionState.MAX_FINGERPRINTS));
    assertThat(state.fingerprints()).isEqualTo(2 * SessionState.MAX_FINGERPRINTS);
  }

  private static Set<Long> prints(long first, int count) {
    Set<Long> prints = new HashSet<>();
    LongStream.range(first, first + count).forEach(prints::add);
    return prints;
  }
}
