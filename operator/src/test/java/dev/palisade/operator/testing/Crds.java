package dev.palisade.operator.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Applies the committed CRDs (crds/generated) to a test API server. */
public final class Crds {
  private Crds() {}

  public static void apply(KubernetesClient client) {
    try (Stream<Path> files = Files.list(Path.of("../crds/generated"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        CustomResourceDefinition crd = Serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class);
        client.apiextensions().v1().customResourceDefinitions().resource(crd).createOr(c -> c.update());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
