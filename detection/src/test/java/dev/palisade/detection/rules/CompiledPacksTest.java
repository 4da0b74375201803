package dev.palisade.detection.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.detection.validate.Validators;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompiledPacksTest {
  private final RulePackLoader loader = new RulePackLoader(Validators.builtin());

  @Test
  void everyShippedPackHasACompilationOfItsCurrentYamlWithTheSameTree() throws IOException {
    for (String pack : RulePackLoader.DEFAULT_PACKS) {
      String yaml = classpathText("palisade/rules/" + pack);
      JsonNode compiled = CompiledPacks.read(pack, yaml);
      assertThat(compiled).as(pack + " compiled by the build").isNotNull();
      assertThat(compiled).as(pack).isEqualTo(loader.tree(pack, yaml));
    }
  }

  @Test
  void theDefaultsAreLoadedWithoutParsingYaml() {
    assertThat(loader.loadDefaults().rules()).hasSizeGreaterThan(300);
    assertThat(loader.parsedYaml()).isFalse();
  }

  @Test
  void aCompilationOfOtherYamlIsNotUsed() throws IOException {
    String yaml = classpathText("palisade/rules/pii.yaml");
    assertThat(CompiledPacks.read("pii.yaml", yaml + "\n# edited after the build\n")).isNull();
  }

  @Test
  void compilerWritesPacksTheLoaderReadsBack(@TempDir Path rules) throws IOException {
    String yaml = """
        rules:
          - {id: custom.token, category: secret, type: token, severity: high, regex: "tok_[a-z]{8}",
             keywords: [tok_], minEntropy: 2.5, examples: {match: [tok_abcdefgh], noMatch: [tok_]}}
        """;
    Files.writeString(rules.resolve("custom.yaml"), yaml);
    assertThat(RulePackCompiler.compile(rules)).isEqualTo(1);
    String compiled = Files.readString(rules.resolve("compiled/custom.json"));
    JsonNode tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(compiled).get("pack");
    assertThat(tree).isEqualTo(loader.tree("custom.yaml", yaml));
    Rule rule = loader.rules("custom.yaml", tree).get(0);
    assertThat(rule.id()).isEqualTo("custom.token");
    assertThat(rule.minEntropy()).isEqualTo(2.5);
  }

  @Test
  void compilerFailsOnABrokenPackNamingFileRuleAndField(@TempDir Path rules) throws IOException {
    Files.writeString(rules.resolve("broken.yaml"), """
        rules:
          - {id: broken.rule, category: secret, type: t, severity: high, regex: "(", keywords: [a], examples: {match: [a]}}
        """);
    assertThatThrownBy(() -> RulePackCompiler.compile(rules))
        .isInstanceOf(RuleFileException.class)
        .hasMessageContaining("broken.yaml").hasMessageContaining("broken.rule").hasMessageContaining("field regex");
    assertThat(rules.resolve("compiled/broken.json")).doesNotExist();
  }

  private static String classpathText(String resource) throws IOException {
    try (InputStream in = CompiledPacksTest.class.getClassLoader().getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
