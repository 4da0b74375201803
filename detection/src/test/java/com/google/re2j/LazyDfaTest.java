package com.google.re2j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LazyDfaTest {
  /** An 'a' followed by twelve of [ab]: the DFA must remember the last thirteen characters, 2^13 states. */
  private static final Pattern MANY_STATES = Pattern.compile("a[ab]{12}c");

  private static String randomAb(Random random, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(random.nextBoolean() ? 'a' : 'b');
    }
    return text.toString();
  }

  /** Reads {@code text} in 64-character windows, as the engine hands them over. */
  private static void feed(LazyDfa dfa, String text) {
    for (int from = 0; from + 64 <= text.length(); from += 64) {
      dfa.mayMatch(text, from, from + 64);
    }
  }

  @Test
  void aDfaThatOutgrowsItsCapStartsAgainInsteadOfGivingUp() {
    LazyDfa dfa = LazyDfa.of(MANY_STATES);
    feed(dfa, randomAb(new Random(1), 200_000));
    assertThat(dfa.flushes()).isPositive();
    String miss = "xyz xyz, no match here";
    dfa.mayMatch(miss, 0, miss.length()); // the call that meets the cap may answer "may match"
    assertThat(dfa.mayMatch(miss, 0, miss.length())).isFalse();
  }

  @Test
  void whenAllTogetherReachTheTotalCapEveryDfaStartsAgain() {
    LazyDfa first = LazyDfa.of(MANY_STATES);
    String miss = "nothing to see";
    assertThat(first.mayMatch(miss, 0, miss.length())).isFalse();
    int before = first.flushes();
    List<LazyDfa> others = new ArrayList<>();
    Random random = new Random(2);
    for (int i = 0; i < 50; i++) { // 1,600 characters build about 1,500 states: 50 DFAs pass the total cap of 60,000
      LazyDfa other = LazyDfa.of(MANY_STATES);
      feed(other, randomAb(random, 1_600));
      others.add(other);
    }
    assertThat(first.mayMatch(miss, 0, miss.length())).isFalse();
    assertThat(first.flushes()).as("the first DFA dropped its states in a new epoch").isGreaterThan(before);
    assertThat(others).allSatisfy(other -> assertThat(other.stateCount()).isLessThanOrEqualTo(2_000));
  }

  @Test
  void neverRulesOutAWindowWhereRe2jFindsAMatchWhateverTheFlushes() {
    LazyDfa dfa = LazyDfa.of(MANY_STATES);
    Random random = new Random(3);
    for (int i = 0; i < 20_000; i++) {
      String text = randomAb(random, 10 + random.nextInt(40)) + (random.nextInt(4) == 0 ? "c" : "") + randomAb(random, 3);
      if (MANY_STATES.matcher(text).find()) {
        assertThat(dfa.mayMatch(text, 0, text.length())).as(text).isTrue();
      } else {
        dfa.mayMatch(text, 0, text.length());
      }
    }
    assertThat(dfa.flushes()).isPositive();
  }
}
