package dev.palisade.sidecar.proxy;

/**
 * What to do with one inspected body or SSE event.
 *
 * @param forward when {@code changed}: the bytes to pass on instead, or {@code null} to pass nothing
 * @param changed whether the original bytes are not passed on as they are
 * @param refusal for requests: the JSON-RPC answer to send back instead of forwarding, else {@code null}
 * @param refusalStatus HTTP status to send with {@code refusal}
 * @param retryAfterSeconds for a rate-limited refusal, when to try again (Retry-After); else 0
 */
record PayloadOutcome(byte[] forward, boolean changed, byte[] refusal, int refusalStatus, long retryAfterSeconds) {

  static final PayloadOutcome UNCHANGED = new PayloadOutcome(null, false, null, 0, 0);

  static PayloadOutcome rewritten(byte[] bytes) {
    return new PayloadOutcome(bytes, true, null, 0, 0);
  }

  static PayloadOutcome refused(byte[] answer, int status) {
    return new PayloadOutcome(null, true, answer, status, 0);
  }

  static PayloadOutcome dropped() {
    return new PayloadOutcome(null, true, null, 0, 0);
  }

  boolean refused() {
    return refusal != null;
  }
}
