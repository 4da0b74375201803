package dev.palisade.policy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * A recurring time window: days of the week and an hour range in a time zone. A range whose end is
 * before its start spans midnight ({@code 22:00-06:00}); the end is exclusive.
 */
public record Schedule(Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone) {
  public Schedule {
    days = Set.copyOf(days);
  }

  public boolean contains(Instant instant) {
    ZonedDateTime local = instant.atZone(zone);
    LocalTime time = local.toLocalTime();
    DayOfWeek day = local.getDayOfWeek();
    if (from.equals(to)) {
      return days.contains(day); // whole days
    }
    if (from.isBefore(to)) {
      return days.contains(day) && !time.isBefore(from) && time.isBefore(to);
    }
    // spans midnight: the early-morning part belongs to the window that began the day before
    if (!time.isBefore(from)) {
      return days.contains(day);
    }
    return time.isBefore(to) && days.contains(day.minus(1));
  }
}
