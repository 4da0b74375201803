package dev.palisade.detection.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.detection.validate.Validators;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void packsKeepTheirFileOrderThoughTheLargestIsParsedOnAnotherThread() throws IOException {
    List<String> sequential = new ArrayList<>();
    for (String pack : RulePackLoader.DEFAULT_PACKS) {
      try (InputStream in = getClass().getClassLoader().getResourceAsStream("palisade/rules/" + pack)) {
        loader.parse(pack, new String(in.readAllBytes(), StandardCharsets.UTF_8)).forEach(rule -> sequential.add(rule.id()));
      }
    }
    assertThat(loader.loadDefaults().rules()).extracting(Rule::id).containsExactlyElementsOf(sequential);
  }

  @Test
  void withSeveralBrokenFilesTheFirstInFileOrderIsReported(@TempDir Path overrides) throws IOException {
    // injection.yaml is the largest pack, parsed aside; a later file is broken as well
    Files.writeString(overrides.resolve("injection.yaml"), "rules:\n  - {id: broken.first, category: injection, type: t, severity: low,"
        + " regex: \"(\", keywords: [a], examples: {match: [a]}}\n");
    Files.writeString(overrides.resolve("zz-custom.yaml"), "rules: not-a-list\n");
    assertThatThrownBy(() -> loader.load(overrides))
        .isInstanceOf(RuleFileException.class)
        .hasMessageContaining("injection.yaml").hasMessageContaining("broken.first");
  }
}
