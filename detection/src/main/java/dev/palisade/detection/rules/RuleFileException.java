package dev.palisade.detection.rules;

/** A rule file that cannot be loaded; the message names the file, the rule and the field. */
public final class RuleFileException extends RuntimeException {
  public RuleFileException(String file, String rule, String field, String problem) {
    super("rule file " + file + (rule == null ? "" : ", rule " + rule) + (field == null ? "" : ", field " + field) + ": " + problem);
  }
}
