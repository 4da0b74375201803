package dev.palisade.policy;

import java.util.Locale;

/** What a tool is in a data flow: where private data comes from, where untrusted content enters, where data leaves. */
public enum ToolRole {
  PRIVATE_DATA,
  UNTRUSTED_CONTENT,
  EXTERNAL_SINK;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static ToolRole fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
