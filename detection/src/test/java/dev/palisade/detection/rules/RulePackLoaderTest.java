package dev.palisade.detection.rules;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.detection.validate.Validators;
import org.junit.jupiter.api.Test;

class RulePackLoaderTest {
  private final RulePackLoader loader = new RulePackLoader(Validators.builtin());

  @Test
  void brokenRegexNamesFileRuleAndField() {
    String yaml = """
        rules:
          - id: bad.one
            category: secret
            type: t
            severity: high
            regex: "(unclosed"
            keywords: [x]
            examples: {match: [x]}
        """;
    assertThatThrownBy(() -> loader.parse("custom.yaml", yaml))
        .isInstanceOf(RuleFileException.class)
        .hasMessageContaining("custom.yaml").hasMessageContaining("bad.one").hasMessageContaining("field regex");
  }

  @Test
  void unknownValidatorAndMissingExamplesAreRejected() {
    String unknownValidator = """
        rules:
          - {id: v, category: pii, type: t, severity: low, regex: "a", keywords: [a], validator: nope, examples: {match: [a]}}
        """;
    assertThatThrownBy(() -> loader.parse("f.yaml", unknownValidator)).hasMessageContaining("field validator");
    String noExamples = """
        rules:
          - {id: e, category: pii, type: t, severity: low, regex: "a", keywords: [a]}
        """;
    assertThatThrownBy(() -> loader.parse("f.yaml", noExamples)).hasMessageContaining("field examples");
    String noKeywords = """
        rules:
          - {id: k, category: pii, type: t, severity: low, regex: "a", examples: {match: [a]}}
        """;
    assertThatThrownBy(() -> loader.parse("f.yaml", noKeywords)).hasMessageContaining("field keywords");
    String badCategory = """
        rules:
          - {id: c, category: nonsense, type: t, severity: low, regex: "a", keywords: [a], examples: {match: [a]}}
        """;
    assertThatThrownBy(() -> loader.parse("f.yaml", badCategory)).hasMessageContaining("rule c").hasMessageContaining("field category");
  }
}
