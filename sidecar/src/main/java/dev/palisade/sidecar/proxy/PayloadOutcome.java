package dev.palisade.sidecar.proxy;

/**
 * What to do with one inspected body or SSE event.
 *
 * @param forward bytes to pass on (the original bytes when nothing changed), or {@code null} to pass nothing
 * @param changed whether {@code forward} differs from the original
 * @param refusal for requests: the JSON-RPC answer to send back instead of forwarding, else {@code null}
 * @param refusalStatus HTTP status to send with {@code refusal}
 */
record PayloadOutcome(byte[] forward, boolean changed, byte[] refusal, int refusalStatus) {

  static PayloadOutcome unchanged(byte[] original) {
    return new PayloadOutcome(original, false, null, 0);
  }

  static PayloadOutcome rewritten(byte[] bytes) {
    return new PayloadOutcome(bytes, true, null, 0);
  }

  static PayloadOutcome refused(byte[] answer, int status) {
    return new PayloadOutcome(null, true, answer, status);
  }

  boolean refused() {
    return refusal != null;
  }
}
