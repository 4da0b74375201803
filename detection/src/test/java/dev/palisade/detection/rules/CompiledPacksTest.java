package dev.palisade.detection.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.detection.validate.Validators;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompiledPacksTest {
  private static final String CUSTOM = """
      rules:
        - {id: custom.token, category: secret, type: token, severity: high, regex: "tok_[a-z]{8}",
           keywords: [tok_], minEntropy: 2.5, maxLength: 64, examples: {match: [tok_abcdefgh], noMatch: [tok_]}}
      """;
  private final RulePackLoader loader = new RulePackLoader(Validators.builtin());

  @Test
  void everyShippedPackHasACompilationOfItsCurrentYamlWithTheSameTree() throws IOException {
    CompiledPacks compiled = CompiledPacks.from(getClass().getClassLoader());
    for (String pack : RulePackLoader.DEFAULT_PACKS) {
      assertThat(compiled.fresh(pack)).as(pack + " compiled by the build").isTrue();
      assertThat(compiled.tree(pack)).as(pack).isEqualTo(loader.tree(pack, classpathText("palisade/rules/" + pack)));
    }
  }

  @Test
  void theDefaultsAreLoadedWithoutParsingYaml() {
    assertThat(loader.loadDefaults().rules()).hasSizeGreaterThan(300);
    assertThat(loader.parsedYaml()).isFalse();
  }

  @Test
  void compilerWritesPacksTheLoaderReadsBack(@TempDir Path root) throws IOException {
    Path rules = Files.createDirectories(root.resolve("palisade/rules"));
    Files.writeString(rules.resolve("custom.yaml"), CUSTOM);
    assertThat(RulePackCompiler.compile(rules)).isEqualTo(1);
    try (URLClassLoader classpath = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
      CompiledPacks compiled = CompiledPacks.from(classpath);
      assertThat(compiled.fresh("custom.yaml")).isTrue();
      assertThat(compiled.tree("custom.yaml")).isEqualTo(loader.tree("custom.yaml", CUSTOM));
      Rule rule = loader.rules("custom.yaml", compiled.tree("custom.yaml")).get(0);
      assertThat(rule.id()).isEqualTo("custom.token");
      assertThat(rule.minEntropy()).isEqualTo(2.5);
      assertThat(rule.maxLength()).isEqualTo(64);
    }
  }

  @Test
  void aCompilationOfOtherYamlIsNotUsedFromADirectory(@TempDir Path root) throws IOException {
    Path rules = Files.createDirectories(root.resolve("palisade/rules"));
    Files.writeString(rules.resolve("custom.yaml"), CUSTOM);
    RulePackCompiler.compile(rules);
    Files.writeString(rules.resolve("custom.yaml"), CUSTOM + "# edited after the build\n");
    try (URLClassLoader classpath = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
      assertThat(CompiledPacks.from(classpath).fresh("custom.yaml")).isFalse();
    }
  }

  @Test
  void inAJarTheCheckUsesTheEntrysRecordedChecksum(@TempDir Path root) throws IOException {
    Path rules = Files.createDirectories(root.resolve("palisade/rules"));
    Files.writeString(rules.resolve("custom.yaml"), CUSTOM);
    RulePackCompiler.compile(rules);
    Path fresh = jar(root.resolve("fresh.jar"), rules, CUSTOM);
    Path stale = jar(root.resolve("stale.jar"), rules, CUSTOM + "# edited after the build\n");
    try (URLClassLoader freshJar = new URLClassLoader(new URL[] {fresh.toUri().toURL()}, null);
        URLClassLoader staleJar = new URLClassLoader(new URL[] {stale.toUri().toURL()}, null)) {
      assertThat(freshJar.getResource("palisade/rules/custom.yaml").getProtocol()).isEqualTo("jar");
      assertThat(CompiledPacks.from(freshJar).fresh("custom.yaml")).isTrue();
      assertThat(CompiledPacks.from(staleJar).fresh("custom.yaml")).isFalse();
    }
  }

  @Test
  void withoutAnIndexNothingIsCompiled(@TempDir Path root) throws IOException {
    Path rules = Files.createDirectories(root.resolve("palisade/rules"));
    Files.writeString(rules.resolve("custom.yaml"), CUSTOM);
    try (URLClassLoader classpath = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
      assertThat(CompiledPacks.from(classpath).fresh("custom.yaml")).isFalse();
    }
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

  /** A jar with {@code yaml} as the custom pack and the compiled files of {@code rules}. */
  private static Path jar(Path jar, Path rules, String yaml) throws IOException {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      put(out, "palisade/rules/custom.yaml", yaml.getBytes(StandardCharsets.UTF_8));
      for (String compiled : new String[] {"custom.json", CompiledPacks.INDEX}) {
        put(out, CompiledPacks.DIRECTORY + compiled, Files.readAllBytes(rules.resolve("compiled").resolve(compiled)));
      }
    }
    return jar;
  }

  private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
    out.putNextEntry(new JarEntry(name));
    out.write(bytes);
    out.closeEntry();
  }

  private static String classpathText(String resource) throws IOException {
    try (InputStream in = CompiledPacksTest.class.getClassLoader().getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
