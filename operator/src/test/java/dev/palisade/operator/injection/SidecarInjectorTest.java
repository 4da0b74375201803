package dev.palisade.operator.injection;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What the golden files (https control plane, the default) cannot show: the CA follows the URL scheme and the ConfigMap name. */
class SidecarInjectorTest {
  @Test
  void aPlainHttpControlPlaneGetsNoCaBundle() throws Exception {
    InjectionConfig d = InjectionConfig.defaults();
    InjectionConfig plain = new InjectionConfig(d.image(), d.imagePullPolicy(), d.resources(), d.proxyPort(), d.adminPort(),
        d.runAsUser(), d.excludedNamespaces(), "http://palisade-operator.palisade-system.svc:8443", d.tokenAudience(),
        d.tokenExpirySeconds(), d.caConfigMap(), d.jvmOptions());

    Pod injected = inject(plain);

    assertThat(injected.getSpec().getVolumes()).noneMatch(v -> v.getConfigMap() != null);
    assertThat(sidecar(injected).getEnv()).noneMatch(e -> e.getName().equals("PALISADE_CONTROL_CA"));
  }

  @Test
  void theCaBundleComesFromTheConfiguredConfigMapAndOnlyTheSidecarMountsIt() throws Exception {
    Pod injected = inject(InjectionSettings.fromEnvironment(java.util.Map.of(InjectionSettings.CA_CONFIGMAP, "corp-palisade-ca")));

    assertThat(injected.getSpec().getVolumes()).filteredOn(v -> v.getConfigMap() != null).singleElement()
        .satisfies(v -> assertThat(v.getConfigMap().getName()).isEqualTo("corp-palisade-ca"));
    assertThat(injected.getSpec().getContainers()).filteredOn(c -> c.getVolumeMounts() != null
        && c.getVolumeMounts().stream().anyMatch(m -> m.getName().equals(SidecarInjector.CA_VOLUME)))
        .extracting(Container::getName).containsExactly(SidecarInjector.CONTAINER);
  }

  private static Pod inject(InjectionConfig config) throws Exception {
    Pod pod = Serialization.unmarshal(Files.readString(Path.of("src/test/resources/injection/named-mcp-port.yaml")), Pod.class);
    return SidecarInjector.inject(pod, (InjectionDecision.Inject) InjectionPolicy.decide(pod, "team-a", config), config);
  }

  private static Container sidecar(Pod pod) {
    return pod.getSpec().getContainers().stream().filter(c -> c.getName().equals(SidecarInjector.CONTAINER)).findFirst()
        .orElseThrow();
  }

  @Test
  void theSidecarGetsTheJvmOptionsItShipsWith() throws Exception {
    Path shipped = Path.of("..", "sidecar", "src", "main", "resources", "dev", "palisade", "sidecar", "jvm.options");
    String options = Files.readAllLines(shipped).stream().map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#")).collect(Collectors.joining(" "));
    assertThat(InjectionConfig.SIDECAR_JVM_OPTIONS).as("keep in step with %s", shipped).isEqualTo(options);

    Pod injected = inject(InjectionConfig.defaults());
    assertThat(sidecar(injected).getEnv()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("JDK_JAVA_OPTIONS");
      assertThat(e.getValue()).isEqualTo(options);
    }).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("MALLOC_ARENA_MAX");
      assertThat(e.getValue()).isEqualTo("2");
    });
  }

  @Test
  void chartValuesOverrideTheJvmOptions() {
    InjectionConfig config = InjectionSettings.fromEnvironment(java.util.Map.of(InjectionSettings.JVM_OPTIONS, " -Xmx96m "));
    assertThat(config.jvmOptions()).isEqualTo("-Xmx96m");
    assertThat(InjectionSettings.fromEnvironment(java.util.Map.of(InjectionSettings.JVM_OPTIONS, "")).jvmOptions())
        .isEqualTo(InjectionConfig.SIDECAR_JVM_OPTIONS);
  }
}
