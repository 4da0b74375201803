package dev.palisade.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final Instant T1 = Instant.parse("2026-01-01T11:00:00Z");

  @Test
  void unchangedStatusKeepsTransitionTimeAndEqualsThePreviousConditions() {
    var first = new Conditions(null, 1L, Clock.fixed(T0, ZoneOffset.UTC)).set("PolicyValid", true, "Valid", "ok").build();
    var again = new Conditions(first, 1L, Clock.fixed(T1, ZoneOffset.UTC)).set("PolicyValid", true, "Valid", "ok").build();

    assertThat(again).isEqualTo(first);
    assertThat(again.get(0).getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
    assertThat(again.get(0).getObservedGeneration()).isEqualTo(1L);
  }

  @Test
  void flippedStatusMovesTransitionTimeAndNewGenerationIsRecorded() {
    var first = new Conditions(null, 1L, Clock.fixed(T0, ZoneOffset.UTC)).set("PolicyValid", true, "Valid", "ok").build();
    var flipped = new Conditions(first, 2L, Clock.fixed(T1, ZoneOffset.UTC)).set("PolicyValid", false, "Invalid", "bad").build();

    assertThat(flipped.get(0).getLastTransitionTime()).isEqualTo("2026-01-01T11:00:00Z");
    assertThat(flipped.get(0).getObservedGeneration()).isEqualTo(2L);
    assertThat(Conditions.isTrue(flipped, "PolicyValid")).isFalse();
    assertThat(Conditions.isTrue(List.of(first.get(0)), "PolicyValid")).isTrue();
  }
}
