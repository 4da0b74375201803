package com.google.re2j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequiredLiteralsTest {

  @Test
  void groupsAreTheLiteralsEveryMatchHoldsOneOf() {
    assertThat(RequiredLiterals.of("(?i)\\b(ignore|disregard)\\s+(all\\s+)?previous\\s+instructions"))
        .contains(Set.of("ignore", "disregard"), Set.of("previous"), Set.of("instructions"));
    assertThat(RequiredLiterals.of("\\b(ghp_[A-Za-z0-9]{36})\\b")).containsExactly(Set.of("ghp_"));
  }

  @Test
  void literalsTooShortToRuleAnythingOutMakeNoGroup() {
    assertThat(RequiredLiterals.of("(?i)\\b(all|any)\\s+of\\s+it")).isEmpty();
  }

  @Test
  void everyMatchHoldsAKeywordWhenEachLiteralOfARequiredGroupContainsOne() {
    assertThat(RequiredLiterals.everyMatchContainsOneOf("(?i)\\b(this|these)\\s+rules?\\s+(overrides?|replaces?)\\b",
        List.of("override", "replace"))).isTrue();
    assertThat(RequiredLiterals.everyMatchContainsOneOf("(?i)\\bsend\\s+it\\s+to\\s+(bcc|cc):", List.of("send")))
        .as("short literals count here: 'send' is in every match").isTrue();
    assertThat(RequiredLiterals.everyMatchContainsOneOf("(?i)\\b(OVERRIDES?|supersedes?)\\b", List.of("Override", "SUPERSEDE")))
        .as("case does not matter").isTrue();
  }

  @Test
  void noClaimWhenSomeMatchMayHoldNoKeyword() {
    assertThat(RequiredLiterals.everyMatchContainsOneOf("(?i)\\b(overrides?|replaces?|supersedes?)\\b", List.of("override", "replace")))
        .as("'supersedes' holds neither").isFalse();
    assertThat(RequiredLiterals.everyMatchContainsOneOf("\\b([0-9a-f]{2}:){5}[0-9a-f]{2}\\b", List.of("mac", "ether")))
        .as("keywords that name what is beside the match").isFalse();
    assertThat(RequiredLiterals.everyMatchContainsOneOf("(?i)take\\s+precedence", List.of("take precedence")))
        .as("a keyword across a whitespace run is not one literal of the regex").isFalse();
  }
}
