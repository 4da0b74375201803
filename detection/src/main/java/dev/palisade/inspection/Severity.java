package dev.palisade.inspection;

import java.util.Locale;

/** How bad a finding is, least first. */
public enum Severity {
  INFO,
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Severity fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  public boolean atLeast(Severity other) {
    return compareTo(other) >= 0;
  }
}
