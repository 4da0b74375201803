package dev.palisade.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class ScheduleTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @Test
  void officeHoursIncludeTheirStartAndExcludeTheirEnd() {
    Schedule office = new Schedule(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0), LocalTime.of(17, 0), BERLIN);
    // 2026-11-24 is a Tuesday; Berlin is UTC+1 in November
    assertThat(office.contains(Instant.parse("2026-11-24T07:59:59Z"))).isFalse();
    assertThat(office.contains(Instant.parse("2026-11-24T08:00:00Z"))).isTrue();
    assertThat(office.contains(Instant.parse("2026-11-24T15:59:59Z"))).isTrue();
    assertThat(office.contains(Instant.parse("2026-11-24T16:00:00Z"))).isFalse();
    assertThat(office.contains(Instant.parse("2026-11-28T10:00:00Z"))).as("Saturday").isFalse();
  }

  @Test
  void aNightWindowSpansMidnightAndBelongsToTheDayItStarted() {
    Schedule friNight = new Schedule(EnumSet.of(DayOfWeek.FRIDAY), LocalTime.of(22, 0), LocalTime.of(6, 0), ZoneId.of("UTC"));
    assertThat(friNight.contains(Instant.parse("2026-11-27T22:00:00Z"))).isTrue(); // Friday 22:00
    assertThat(friNight.contains(Instant.parse("2026-11-28T05:59:59Z"))).isTrue(); // Saturday early morning
    assertThat(friNight.contains(Instant.parse("2026-11-28T06:00:00Z"))).isFalse();
    assertThat(friNight.contains(Instant.parse("2026-11-27T05:00:00Z"))).as("Friday early = Thursday night").isFalse();
  }

  @Test
  void equalBoundsMeanWholeDays() {
    Schedule weekend = new Schedule(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, BERLIN);
    assertThat(weekend.contains(Instant.parse("2026-11-27T23:00:00Z"))).as("Saturday 00:00 in Berlin").isTrue();
    assertThat(weekend.contains(Instant.parse("2026-11-27T22:59:59Z"))).isFalse();
  }
}
