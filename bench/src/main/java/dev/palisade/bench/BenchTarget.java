package dev.palisade.bench;

/** Where the load goes: the upstream itself, nginx, the plain Vert.x reverse proxy, or the Palisade sidecar. */
record BenchTarget(String name, int port) {
  static final String DIRECT = "direct";
  static final String PLAIN_PROXY = "plain-proxy";
  static final String PALISADE = "palisade";
  static final String NGINX = "nginx";
  /** Order of the configurations in tables and charts. */
  static final java.util.List<String> ALL = java.util.List.of(DIRECT, NGINX, PLAIN_PROXY, PALISADE);

  boolean isDirect() {
    return DIRECT.equals(name);
  }
}
