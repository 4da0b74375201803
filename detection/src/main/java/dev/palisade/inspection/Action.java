package dev.palisade.inspection;

import java.util.Locale;

/** What happens to a message, weakest first; across decisions the strongest wins. */
public enum Action {
  /** Pass, record nothing. */
  ALLOW,
  /** Record, pass unchanged. */
  ALERT,
  /** Mask the matched spans, pass the rest. */
  REDACT,
  /** Answer with an error, or withhold the tool from a list. */
  BLOCK;

  public boolean strongerThan(Action other) {
    return compareTo(other) > 0;
  }

  public static Action strongest(Action a, Action b) {
    return a.strongerThan(b) ? a : b;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Action fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
