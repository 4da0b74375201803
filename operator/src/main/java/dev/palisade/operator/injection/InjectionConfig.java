package dev.palisade.operator.injection;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.Set;

/**
 * What the injector puts into a pod, from the chart's values.
 *
 * @param image sidecar image
 * @param imagePullPolicy Always, IfNotPresent or Never
 * @param resources sidecar requests and limits
 * @param proxyPort port the sidecar listens on for MCP traffic (takes over the MCP port's name)
 * @param adminPort port of the sidecar's health and metrics endpoints
 * @param runAsUser non-root user id of the sidecar
 * @param excludedNamespaces namespaces never injected (kube-system, the operator's own)
 * @param controlPlaneUrl where the sidecar fetches policies and pins and sends reports
 * @param tokenAudience audience of the projected ServiceAccount token the operator verifies
 * @param tokenExpirySeconds lifetime of that token (the kubelet rotates it)
 * @param caConfigMap ConfigMap (key {@code ca.crt}) in the pod's namespace with the operator's CA bundle,
 *     mounted into the sidecar when the control plane is https
 * @param jvmOptions the sidecar's JVM options, given to it as {@code JDK_JAVA_OPTIONS} (blank: none)
 */
public record InjectionConfig(
    String image,
    String imagePullPolicy,
    ResourceRequirements resources,
    int proxyPort,
    int adminPort,
    long runAsUser,
    Set<String> excludedNamespaces,
    String controlPlaneUrl,
    String tokenAudience,
    long tokenExpirySeconds,
    String caConfigMap,
    String jvmOptions) {

  /**
   * The JVM options the sidecar ships with ({@code dev/palisade/sidecar/jvm.options} in its jar, which
   * says why each is there); a test keeps the two the same.
   */
  public static final String SIDECAR_JVM_OPTIONS = "-XX:+UseSerialGC -Xms32m -Xmx256m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:MaxNewSize=16m -XX:SurvivorRatio=4 -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=96m -XX:MetaspaceSize=40m -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError";

  public InjectionConfig {
    excludedNamespaces = Set.copyOf(excludedNamespaces);
  }

  /** Whether the sidecar must verify the operator's certificate, and so gets the CA bundle. */
  public boolean controlPlaneTls() {
    return controlPlaneUrl.regionMatches(true, 0, "https://", 0, 8);
  }

  /** The chart's defaults. */
  public static InjectionConfig defaults() {
    return new InjectionConfig("ghcr.io/palisade-dev/palisade-sidecar:0.1.0", "IfNotPresent",
        new ResourceRequirementsBuilder()
            .addToRequests("cpu", new Quantity("50m")).addToRequests("memory", new Quantity("128Mi"))
            .addToLimits("cpu", new Quantity("1")).addToLimits("memory", new Quantity("512Mi"))
            .build(),
        15090, 15091, 65532, Set.of("kube-system", "kube-public", "palisade-system"),
        "https://palisade-operator.palisade-system.svc:8443", "palisade", 3600, "palisade-ca", SIDECAR_JVM_OPTIONS);
  }
}
