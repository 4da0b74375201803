package dev.palisade.integrity;

import java.util.Locale;

/** How tool pins are approved. */
public enum TrustMode {
  /** Only hashes an administrator approved pass; an unknown or changed tool is withheld. */
  PINNED,
  /** The first hash seen for a tool is approved; a later change is withheld until approved. */
  TRUST_ON_FIRST_USE,
  /** Hashes are recorded and changes reported; nothing is withheld. */
  OBSERVE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static TrustMode fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
