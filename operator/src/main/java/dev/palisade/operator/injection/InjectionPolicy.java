package dev.palisade.operator.injection;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;

/** Decides, from the pod alone, whether it gets the sidecar: a pure function, tested by golden files. */
public final class InjectionPolicy {
  static final String DEFAULT_PORT_NAME = "mcp";

  private InjectionPolicy() {}

  public static InjectionDecision decide(Pod pod, String namespace, InjectionConfig config) {
    Map<String, String> annotations = pod.getMetadata() == null || pod.getMetadata().getAnnotations() == null
        ? Map.of() : pod.getMetadata().getAnnotations();
    if (!"true".equals(annotations.get(InjectionAnnotations.INJECT))) {
      return new InjectionDecision.Skip("not annotated " + InjectionAnnotations.INJECT + "=true");
    }
    if (namespace != null && config.excludedNamespaces().contains(namespace)) {
      return new InjectionDecision.Skip("namespace " + namespace + " is excluded");
    }
    if (annotations.containsKey(InjectionAnnotations.STATUS)
        || pod.getSpec().getContainers().stream().anyMatch(c -> SidecarInjector.CONTAINER.equals(c.getName()))) {
      return new InjectionDecision.Skip("already injected");
    }
    if (Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
      return new InjectionDecision.Skip("host network: the sidecar cannot take over a node port");
    }
    String requested = annotations.get(InjectionAnnotations.PORT);
    for (Container container : pod.getSpec().getContainers()) {
      for (ContainerPort port : ports(container)) {
        boolean match = requested != null
            ? requested.equals(String.valueOf(port.getContainerPort())) || requested.equals(port.getName())
            : DEFAULT_PORT_NAME.equals(port.getName());
        if (match) {
          return new InjectionDecision.Inject(serverName(pod, annotations), container.getName(), port.getContainerPort(),
              port.getName() == null ? DEFAULT_PORT_NAME : port.getName());
        }
      }
    }
    List<ContainerPort> all = pod.getSpec().getContainers().stream().flatMap(c -> ports(c).stream()).toList();
    if (requested == null && all.size() == 1) {
      Container owner = pod.getSpec().getContainers().stream().filter(c -> !ports(c).isEmpty()).findFirst().orElseThrow();
      ContainerPort only = all.get(0);
      return new InjectionDecision.Inject(serverName(pod, annotations), owner.getName(), only.getContainerPort(),
          only.getName() == null ? DEFAULT_PORT_NAME : only.getName());
    }
    return new InjectionDecision.Skip(requested == null
        ? "no port named mcp: annotate the pod " + InjectionAnnotations.PORT + "=<port or name>"
        : "no container port " + requested);
  }

  private static List<ContainerPort> ports(Container container) {
    return container.getPorts() == null ? List.of() : container.getPorts();
  }

  private static String serverName(Pod pod, Map<String, String> annotations) {
    Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    String name = annotations.get(InjectionAnnotations.SERVER);
    if (name == null) {
      name = labels.get("app.kubernetes.io/name");
    }
    if (name == null) {
      name = labels.get("app");
    }
    if (name == null) {
      name = pod.getMetadata().getName() != null ? pod.getMetadata().getName() : pod.getMetadata().getGenerateName();
    }
    return name == null ? "unknown" : name.replaceAll("-+$", "");
  }
}
