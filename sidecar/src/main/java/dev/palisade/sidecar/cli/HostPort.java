package dev.palisade.sidecar.cli;

/** A {@code [HOST:]PORT} command-line value; the host defaults to all interfaces. */
record HostPort(String host, int port) {

  static HostPort parse(String value, String defaultHost) {
    String text = value.trim();
    String host = defaultHost;
    String port = text;
    int colon = text.lastIndexOf(':');
    if (colon >= 0) {
      host = text.substring(0, colon);
      port = text.substring(colon + 1);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      if (host.isEmpty()) {
        host = defaultHost;
      }
    }
    int number;
    try {
      number = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + value + "' is not [HOST:]PORT");
    }
    if (number < 0 || number > 65535) {
      throw new IllegalArgumentException("port " + number + " is out of range 0-65535");
    }
    return new HostPort(host, number);
  }
}
