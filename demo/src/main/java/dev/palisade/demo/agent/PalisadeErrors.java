package dev.palisade.demo.agent;

/**
 * The JSON-RPC error codes Palisade answers with, as a client sees them. The demo talks to the
 * sidecar only over the wire, so it keeps its own copy rather than depending on the sidecar.
 */
public final class PalisadeErrors {
  /** A policy blocked the message (for example a call to a tool whose definition changed). */
  public static final int BLOCKED_BY_POLICY = -32050;

  private PalisadeErrors() {}
}
