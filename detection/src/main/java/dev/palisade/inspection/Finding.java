package dev.palisade.inspection;

import java.util.Objects;

/**
 * One thing a detector noticed in a message.
 *
 * @param category fixed vocabulary, e.g. {@link Category#SECRET}
 * @param type finer kind within the category, e.g. {@code aws_access_key}
 * @param severity how bad it is
 * @param rule id of the rule or inspector that produced it
 * @param pointer JSON pointer (RFC 6901) to the string inside the message, or {@code ""} for the whole message
 * @param start first UTF-16 index of the match inside that string (0 when not a span)
 * @param end index after the match (0 when not a span)
 * @param tool the tool this concerns, when known (the listed tool, or the called one)
 * @param evidence masked excerpt and salted hash of the matched value
 */
public record Finding(
    Category category,
    String type,
    Severity severity,
    String rule,
    String pointer,
    int start,
    int end,
    String tool,
    Evidence evidence) {

  public Finding {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(rule, "rule");
    pointer = pointer == null ? "" : pointer;
    evidence = evidence == null ? Evidence.NONE : evidence;
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad span " + start + ".." + end);
    }
  }

  /** Whether this finding marks a span of a string that redaction can mask. */
  public boolean hasSpan() {
    return !pointer.isEmpty() && end > start;
  }

  /** A finding about the message as a whole (no span). */
  public static Finding ofMessage(Category category, String type, Severity severity, String rule, String tool, Evidence evidence) {
    return new Finding(category, type, severity, rule, "", 0, 0, tool, evidence);
  }
}
