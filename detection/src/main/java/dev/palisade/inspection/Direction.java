package dev.palisade.inspection;

/** Which way a message travels: {@code REQUEST} is agent to MCP server, {@code RESPONSE} is server to agent. */
public enum Direction {
  REQUEST,
  RESPONSE;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
