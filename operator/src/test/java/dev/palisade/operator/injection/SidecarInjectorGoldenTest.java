package dev.palisade.operator.injection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files: every {@code x.yaml} pod under src/test/resources/injection has its expectation
 * {@code x.injected.yaml} (the pod after the webhook's patch; identical to the input when the pod is
 * skipped), found automatically, so adding a case is adding two files. Each case also checks that
 * injecting the injected pod changes nothing. Refresh with {@code -Dpalisade.golden.update=true}.
 */
class SidecarInjectorGoldenTest {
  private static final Path CASES = Path.of("src/test/resources/injection");

  @TestFactory
  Stream<DynamicTest> everyPodHasItsInjectedExpectation() throws IOException {
    try (Stream<Path> files = Files.list(CASES)) {
      return files.filter(f -> f.toString().endsWith(".yaml") && !f.toString().endsWith(".injected.yaml"))
          .sorted().toList().stream()
          .map(input -> DynamicTest.dynamicTest(input.getFileName().toString(), () -> check(input)));
    }
  }

  private static void check(Path input) throws IOException {
    Pod pod = Serialization.unmarshal(Files.readString(input), Pod.class);
    String namespace = pod.getMetadata().getNamespace();
    InjectionConfig config = InjectionConfig.defaults();

    ArrayNode patch = SidecarInjector.patch(pod, namespace, config);
    JsonNode injected = JsonPatch.apply(patch, Serialization.jsonMapper().valueToTree(pod));
    String actual = Serialization.asYaml(injected);

    Path expectation = input.resolveSibling(input.getFileName().toString().replace(".yaml", ".injected.yaml"));
    if (Boolean.getBoolean("palisade.golden.update")) {
      Files.writeString(expectation, actual);
    }
    assertThat(expectation).as("expectation for %s (create with -Dpalisade.golden.update=true)", input).exists();
    assertThat(actual).as("%s injected", input).isEqualTo(Files.readString(expectation));

    Pod again = Serialization.jsonMapper().treeToValue(injected, Pod.class);
    assertThat(SidecarInjector.patch(again, namespace, config)).as("injection is idempotent").isEmpty();
  }
}
