package dev.palisade.operator.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.zjsonpatch.JsonDiff;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Injects the sidecar: a pure function from pod to pod, and from that to the JSON patch the webhook
 * answers with. Traffic reaches the sidecar first without touching the server image: the sidecar's
 * port takes over the MCP port's name (Services that target the port by name now reach the sidecar),
 * and the sidecar forwards to the server over the pod's loopback.
 */
public final class SidecarInjector {
  public static final String CONTAINER = "palisade-sidecar";
  static final String TOKEN_VOLUME = "palisade-token";
  static final String TMP_VOLUME = "palisade-tmp";
  static final String TOKEN_DIR = "/var/run/secrets/palisade.dev/serviceaccount";
  static final String CA_VOLUME = "palisade-ca";
  static final String CA_DIR = "/var/run/secrets/palisade.dev/ca";
  static final String CA_FILE = "ca.crt";
  private static final int PORT_NAME_LIMIT = 15;

  private SidecarInjector() {}

  /** The JSON patch for an AdmissionReview answer; empty when the pod is left as it is. */
  public static ArrayNode patch(Pod pod, String namespace, InjectionConfig config) {
    InjectionDecision decision = InjectionPolicy.decide(pod, namespace, config);
    ObjectMapper json = Serialization.jsonMapper();
    if (!(decision instanceof InjectionDecision.Inject inject)) {
      return json.createArrayNode();
    }
    JsonNode before = json.valueToTree(pod);
    JsonNode after = json.valueToTree(inject(pod, inject, config));
    return (ArrayNode) JsonDiff.asJson(before, after);
  }

  public static Pod inject(Pod pod, InjectionDecision.Inject inject, InjectionConfig config) {
    Map<String, String> annotations = new LinkedHashMap<>(
        pod.getMetadata().getAnnotations() == null ? Map.of() : pod.getMetadata().getAnnotations());
    annotations.put(InjectionAnnotations.STATUS, status(inject));
    List<Container> containers = new ArrayList<>();
    for (Container container : pod.getSpec().getContainers()) {
      containers.add(container.getName().equals(inject.container()) ? renamePort(container, inject) : container);
    }
    containers.add(sidecar(inject, config));
    List<Volume> volumes = new ArrayList<>(pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes());
    volumes.add(new VolumeBuilder().withName(TOKEN_VOLUME).withNewProjected().withDefaultMode(0440)
        .addNewSource().withNewServiceAccountToken().withAudience(config.tokenAudience())
        .withExpirationSeconds(config.tokenExpirySeconds()).withPath("token").endServiceAccountToken().endSource()
        .endProjected().build());
    volumes.add(new VolumeBuilder().withName(TMP_VOLUME).withNewEmptyDir().withSizeLimit(
        new io.fabric8.kubernetes.api.model.Quantity("64Mi")).endEmptyDir().build());
    if (config.controlPlaneTls()) {
      // the operator keeps this ConfigMap in every namespace with McpServers; not optional: without the
      // CA the sidecar cannot reach its policies, so the pod waits for it rather than start unprotected
      volumes.add(new VolumeBuilder().withName(CA_VOLUME).withNewConfigMap().withName(config.caConfigMap())
          .addNewItem().withKey(CA_FILE).withPath(CA_FILE).endItem().endConfigMap().build());
    }
    return new PodBuilder(pod)
        .editMetadata().withAnnotations(annotations).endMetadata()
        .editSpec().withContainers(containers).withVolumes(volumes).endSpec()
        .build();
  }

  /** The server keeps its port number; only the name moves to the sidecar. */
  private static Container renamePort(Container container, InjectionDecision.Inject inject) {
    List<ContainerPort> ports = new ArrayList<>();
    for (ContainerPort port : container.getPorts()) {
      if (port.getContainerPort() == inject.port() && port.getName() != null) {
        ports.add(new io.fabric8.kubernetes.api.model.ContainerPortBuilder(port)
            .withName(upstreamName(port.getName())).build());
      } else {
        ports.add(port);
      }
    }
    return new ContainerBuilder(container).withPorts(ports).build();
  }

  static String upstreamName(String name) {
    String renamed = "up-" + name;
    return renamed.length() > PORT_NAME_LIMIT ? renamed.substring(0, PORT_NAME_LIMIT).replaceAll("-+$", "") : renamed;
  }

  private static Container sidecar(InjectionDecision.Inject inject, InjectionConfig config) {
    ContainerBuilder sidecar = new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(config.image())
        .withImagePullPolicy(config.imagePullPolicy())
        .withArgs("proxy",
            "--upstream", "http://127.0.0.1:" + inject.port(),
            "--listen", "0.0.0.0:" + config.proxyPort(),
            "--admin", "0.0.0.0:" + config.adminPort(),
            "--server-name", inject.server())
        .addNewPort().withName(inject.portName()).withContainerPort(config.proxyPort()).withProtocol("TCP").endPort()
        .addNewPort().withName("palisade-admin").withContainerPort(config.adminPort()).withProtocol("TCP").endPort()
        .addNewEnv().withName("PALISADE_SERVER").withValue(inject.server()).endEnv()
        .addNewEnv().withName("PALISADE_CONTROL_PLANE").withValue(config.controlPlaneUrl()).endEnv()
        .addNewEnv().withName("PALISADE_TOKEN_FILE").withValue(TOKEN_DIR + "/token").endEnv()
        .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name")
            .endFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("POD_NAMESPACE").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.namespace")
            .endFieldRef().endValueFrom().endEnv()
        .withResources(config.resources())
        .withNewSecurityContext()
            .withRunAsNonRoot(true).withRunAsUser(config.runAsUser()).withRunAsGroup(config.runAsUser())
            .withReadOnlyRootFilesystem(true).withAllowPrivilegeEscalation(false).withPrivileged(false)
            .withNewCapabilities().withDrop("ALL").endCapabilities()
            .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .endSecurityContext()
        .withNewLivenessProbe().withNewHttpGet().withPath("/livez")
            .withPort(new io.fabric8.kubernetes.api.model.IntOrString(config.adminPort())).endHttpGet()
            .withPeriodSeconds(10).withFailureThreshold(3).endLivenessProbe()
        .withNewReadinessProbe().withNewHttpGet().withPath("/readyz")
            .withPort(new io.fabric8.kubernetes.api.model.IntOrString(config.adminPort())).endHttpGet()
            .withPeriodSeconds(5).withFailureThreshold(2).endReadinessProbe()
        .addNewVolumeMount().withName(TOKEN_VOLUME).withMountPath(TOKEN_DIR).withReadOnly(true).endVolumeMount()
        .addNewVolumeMount().withName(TMP_VOLUME).withMountPath("/tmp").endVolumeMount();
    if (!config.jvmOptions().isBlank()) {
      sidecar.addNewEnv().withName("JDK_JAVA_OPTIONS").withValue(config.jvmOptions()).endEnv();
    }
    // glibc's per-thread malloc arenas hold freed memory per event-loop thread; two are plenty
    sidecar.addNewEnv().withName("MALLOC_ARENA_MAX").withValue("2").endEnv();
    if (config.controlPlaneTls()) {
      // a directory mount, never subPath: the kubelet then swaps in a rotated bundle and the sidecar re-reads it
      sidecar.addNewEnv().withName("PALISADE_CONTROL_CA").withValue(CA_DIR + "/" + CA_FILE).endEnv()
          .addNewVolumeMount().withName(CA_VOLUME).withMountPath(CA_DIR).withReadOnly(true).endVolumeMount();
    }
    return sidecar.build();
  }

  private static String status(InjectionDecision.Inject inject) {
    return "{\"container\":\"" + CONTAINER + "\",\"server\":\"" + inject.server().replace("\"", "") + "\",\"port\":"
        + inject.port() + "}";
  }
}
