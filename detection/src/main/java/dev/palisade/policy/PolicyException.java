package dev.palisade.policy;

/** A policy document that cannot be applied; the message names the source, the field and the problem. */
public final class PolicyException extends RuntimeException {
  private final String source;
  private final String field;

  public PolicyException(String source, String field, String problem) {
    super(source + ": " + (field.isEmpty() ? "" : field + ": ") + problem);
    this.source = source;
    this.field = field;
  }

  public String source() {
    return source;
  }

  public String field() {
    return field;
  }
}
