package dev.palisade.demo.agent;

/** What the agent saw come back from one step. */
public enum Outcome {
  /** The request went through and the server's answer arrived. */
  PASSED,
  /** The request was refused with a JSON-RPC error before it reached the tool. */
  BLOCKED,
  /** A tool the agent saw earlier (or the server offers) was missing from a listing. */
  WITHHELD,
  /** The answer arrived with parts masked ({@code [REDACTED:type]}). */
  REDACTED,
  /** Something changed on the server side (not an agent request). */
  SERVER_CHANGE,
  /** Anything else: an error nobody planned for. */
  FAILED
}
