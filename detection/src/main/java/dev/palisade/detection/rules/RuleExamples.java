package dev.palisade.detection.rules;

import java.util.List;

/** Texts a rule must find something in, and texts it must leave alone; a test runs them all. */
public record RuleExamples(List<String> match, List<String> noMatch) {
  public RuleExamples {
    match = List.copyOf(match);
    noMatch = List.copyOf(noMatch);
  }
}
