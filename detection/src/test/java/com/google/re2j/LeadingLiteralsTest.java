package com.google.re2j;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LeadingLiteralsTest {

  @Test
  void tokenFormatsBeginWithTheirKeyword() {
    assertTrue(LeadingLiterals.startWithOneOf("\\b(ghp_[A-Za-z0-9]{36})\\b", List.of("ghp_")));
    assertTrue(LeadingLiterals.startWithOneOf("(?:ghp|gho)_[A-Za-z0-9]{36}", List.of("ghp_", "gho_")), "factored alternatives join up");
    assertTrue(LeadingLiterals.startWithOneOf("\\b(AKIA|ASIA)[A-Z0-9]{16}", List.of("akia", "asia")), "case-insensitive");
    assertTrue(LeadingLiterals.startWithOneOf("xox[bp]-[0-9]+", List.of("xox")), "a keyword shorter than the prefix");
  }

  @Test
  void anythingThatMayComeFirstSaysNo() {
    assertFalse(LeadingLiterals.startWithOneOf("(?:sk-)?ant[a-z]+", List.of("ant")), "an optional part in front");
    assertFalse(LeadingLiterals.startWithOneOf("[\\w.-]{0,30}password\\s*=\\s*\\S+", List.of("password")));
    assertFalse(LeadingLiterals.startWithOneOf("ghp_[a-z]+|token=[a-z]+", List.of("ghp_")), "an alternative without the keyword");
    assertFalse(LeadingLiterals.startWithOneOf("ghp_[a-z]+", List.of("ghp_x")), "a keyword longer than what the match must begin with");
    assertFalse(LeadingLiterals.startWithOneOf("ghp_[a-z]+", List.of()));
  }
}
