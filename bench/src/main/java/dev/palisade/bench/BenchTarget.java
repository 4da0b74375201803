package dev.palisade.bench;

/** Where the load goes: the upstream itself, the plain reverse proxy, or the Palisade sidecar. */
record BenchTarget(String name, int port) {
  static final String DIRECT = "direct";
  static final String PLAIN_PROXY = "plain-proxy";
  static final String PALISADE = "palisade";

  boolean isDirect() {
    return DIRECT.equals(name);
  }
}
