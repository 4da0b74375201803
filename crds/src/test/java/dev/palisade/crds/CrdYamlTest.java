package dev.palisade.crds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CRD YAML is generated from the Java model (crd-generator-maven-plugin, process-classes) and
 * committed twice: in {@code crds/generated} and in the chart. This fails when either copy differs
 * from what the model generates now. After a deliberate model change, refresh both copies with
 * {@code mvn -pl crds -am verify -Dpalisade.crds.update=true} and review the diff.
 */
class CrdYamlTest {
  private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
  private static final List<Path> COMMITTED = List.of(Path.of("generated"), Path.of("../charts/palisade/crds"));

  @Test
  void committedCrdsAreWhatTheModelGenerates() throws IOException {
    List<Path> generated = generatedFiles();
    assertThat(generated).extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrder("mcppolicies.palisade.dev-v1.yml", "mcpservers.palisade.dev-v1.yml",
            "mcpviolations.palisade.dev-v1.yml");
    boolean update = Boolean.getBoolean("palisade.crds.update");
    for (Path directory : COMMITTED) {
      for (Path file : generated) {
        Path committed = directory.resolve(committedName(file));
        String expected = Files.readString(file);
        if (update) {
          Files.createDirectories(directory);
          Files.writeString(committed, expected);
        }
        assertThat(committed).as("committed CRD %s (refresh with -Dpalisade.crds.update=true)", committed).exists();
        assertThat(Files.readString(committed))
            .as("%s differs from the generated %s; refresh with -Dpalisade.crds.update=true", committed, file)
            .isEqualTo(expected);
      }
      try (Stream<Path> stale = Files.list(directory)) {
        assertThat(stale.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted())
            .as("CRD files in %s with no generated counterpart", directory)
            .containsExactlyElementsOf(generated.stream().map(CrdYamlTest::committedName).sorted().toList());
      }
    }
  }

  private static List<Path> generatedFiles() throws IOException {
    try (Stream<Path> files = Files.list(GENERATED)) {
      return files.filter(p -> p.getFileName().toString().endsWith("-v1.yml")).sorted().toList();
    }
  }

  /** mcpservers.palisade.dev-v1.yml is committed as mcpservers.palisade.dev.yaml. */
  private static String committedName(Path generated) {
    return generated.getFileName().toString().replace("-v1.yml", ".yaml");
  }
}
