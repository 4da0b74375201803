package dev.palisade.demo.agent;

/**
 * What one step produced.
 *
 * @param outcome the kind of answer
 * @param summary a short human-readable account of the answer (never a whole payload)
 * @param errorCode the JSON-RPC error code when the step was refused, else {@code null}
 */
public record Observation(Outcome outcome, String summary, Integer errorCode) {

  public static Observation of(Outcome outcome, String summary) {
    return new Observation(outcome, summary, null);
  }

  public static Observation refused(Outcome outcome, int code, String message) {
    return new Observation(outcome, "JSON-RPC error " + code + ": " + message, code);
  }
}
