package dev.palisade.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.palisade.crds.FindingCategory;
import dev.palisade.crds.PolicyAction;
import dev.palisade.crds.mcppolicy.McpPolicy;
import dev.palisade.policy.PolicyLoader;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import dev.palisade.crds.mcpserver.McpServer;
import org.junit.jupiter.api.Test;

/** The McpPolicy custom resource and a standalone policy file are one schema, read by one loader. */
class McpPolicyResourceTest {
  private static final Path BUILTIN_DEFAULT = Path.of("../config/policies/builtin-default.yaml");

  @Test
  void builtinDefaultPolicyReadsAsCustomResourceAndLoadsUnchanged() throws Exception {
    String yaml = Files.readString(BUILTIN_DEFAULT);
    McpPolicy resource = Serialization.unmarshal(yaml, McpPolicy.class);

    assertThat(resource.getMetadata().getName()).isEqualTo("builtin-default");
    assertThat(resource.getSpec().defaultAction()).isEqualTo(PolicyAction.ALLOW);
    assertThat(resource.getSpec().rules().get(0).match().categories())
        .containsExactly(FindingCategory.INJECTION, FindingCategory.SHADOWING, FindingCategory.HIDDEN_TEXT);

    JsonNode written = Serialization.jsonMapper().valueToTree(resource);
    JsonNode original = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    assertThat(written.get("spec")).as("the typed model writes back exactly the document it read").isEqualTo(original.get("spec"));

    dev.palisade.policy.McpPolicy fromResource = new PolicyLoader().fromResource("builtin-default", written);
    dev.palisade.policy.McpPolicy fromFile = new PolicyLoader().load(BUILTIN_DEFAULT).get(0);
    assertThat(fromResource.name()).isEqualTo(fromFile.name());
    assertThat(fromResource.rules()).extracting(r -> r.name() + "=" + r.action())
        .containsExactlyElementsOf(fromFile.rules().stream().map(r -> r.name() + "=" + r.action()).toList());
    assertThat(fromResource.sequences()).extracting(s -> s.name())
        .contains("private-data-to-external-sink", "sensitive-answer-to-external-sink")
        .containsExactlyElementsOf(fromFile.sequences().stream().map(s -> s.name()).toList());
  }

  @Test
  void everySampleReadsAsItsKindAndEverySamplePolicyLoads() throws Exception {
    List<Path> samples;
    try (Stream<Path> files = Files.list(Path.of("../config/samples"))) {
      samples = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(samples).isNotEmpty();
    for (Path sample : samples) {
      String yaml = Files.readString(sample);
      String kind = new ObjectMapper(new YAMLFactory()).readTree(yaml).path("kind").asText();
      switch (kind) {
        case "McpPolicy" -> {
          McpPolicy resource = Serialization.unmarshal(yaml, McpPolicy.class);
          assertThat(new PolicyLoader().fromResource(sample.toString(), Serialization.jsonMapper().valueToTree(resource)).name())
              .isEqualTo(resource.getMetadata().getName());
        }
        case "McpServer" -> assertThat(Serialization.unmarshal(yaml, McpServer.class).getSpec().port()).isPositive();
        default -> throw new AssertionError(sample + ": unexpected kind " + kind);
      }
    }
  }
}
