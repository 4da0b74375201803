package dev.palisade.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FingerprintSetTest {
  /**
   * Random adds and lookups against a LinkedHashSet doing the same (re-adding refreshes, the
   * oldest goes past the bound). Few distinct keys, so refreshes, evictions, growth and the
   * table's deletions all happen often.
   */
  @ParameterizedTest
  @CsvSource({"1, 1, 10", "7, 16, 40", "32, 50, 200", "1024, 1024, 5000", "3, 1024, 300"})
  void behavesLikeABoundedLeastRecentlyAddedSet(int seed, int bound, int distinctKeys) {
    FingerprintSet set = new FingerprintSet(bound);
    LinkedHashSet<Long> model = new LinkedHashSet<>();
    Random random = new Random(seed);
    long[] universe = random.longs(distinctKeys).toArray();
    for (int step = 0; step < 50_000; step++) {
      long key = universe[random.nextInt(distinctKeys)];
      if (random.nextInt(3) == 0) {
        assertThat(set.contains(key)).as("contains at step %d", step).isEqualTo(model.contains(key));
        continue;
      }
      set.add(key);
      model.remove(key);
      model.add(key);
      if (model.size() > bound) {
        model.remove(model.iterator().next());
      }
      assertThat(set.size()).isEqualTo(model.size());
    }
    for (long key : universe) {
      assertThat(set.contains(key)).isEqualTo(model.contains(key));
    }
  }
}
