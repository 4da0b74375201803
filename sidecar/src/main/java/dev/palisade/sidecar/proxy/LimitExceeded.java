package dev.palisade.sidecar.proxy;

/**
 * A bound was crossed while reading a body. Carried as a failed future's cause, turned into an HTTP
 * status and JSON-RPC error by the caller; never thrown past the proxy.
 *
 * @see dev.palisade.sidecar.config.ProxyLimits
 */
final class LimitExceeded extends RuntimeException {
  private final String limit;
  private final int httpStatus;

  LimitExceeded(String limit, int httpStatus, String message) {
    super(message, null, false, false);
    this.limit = limit;
    this.httpStatus = httpStatus;
  }

  /** Metric label of the limit, e.g. {@code body_size}. */
  String limit() {
    return limit;
  }

  int httpStatus() {
    return httpStatus;
  }
}
