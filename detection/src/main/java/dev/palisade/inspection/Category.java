package dev.palisade.inspection;

import java.util.Locale;

/** The fixed vocabulary of finding categories (SPEC.md). */
public enum Category {
  INJECTION,
  SHADOWING,
  HIDDEN_TEXT,
  PII,
  SECRET,
  EXFILTRATION,
  INTEGRITY,
  SCHEMA,
  RATE;

  /** The name used in rule files, policies and reports, e.g. {@code hidden-text}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Category fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  /** Whether a matched value of this category is sensitive and must never be shown or stored. */
  public boolean sensitive() {
    return this == PII || this == SECRET;
  }
}
