package dev.palisade.operator.injection;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What the golden files (https control plane, the default) cannot show: the CA follows the URL scheme and the ConfigMap name. */
class SidecarInjectorTest {
  @Test
  void aPlainHttpControlPlaneGetsNoCaBundle() throws Exception {
    InjectionConfig d = InjectionConfig.defaults();
    InjectionConfig plain = new InjectionConfig(d.image(), d.imagePullPolicy(), d.resources(), d.proxyPort(), d.adminPort(),
        d.runAsUser(), d.excludedNamespaces(), "http://palisade-operator.palisade-system.svc:8443", d.tokenAudience(),
        d.tokenExpirySeconds(), d.caConfigMap());

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
}
