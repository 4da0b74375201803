package dev.palisade.operator.injection;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The injector's configuration from the operator's environment (the chart sets these from its
 * values); every setting has the default of {@link InjectionConfig#defaults()}.
 */
public final class InjectionSettings {
  public static final String IMAGE = "PALISADE_SIDECAR_IMAGE";
  public static final String PULL_POLICY = "PALISADE_SIDECAR_PULL_POLICY";
  public static final String CPU_REQUEST = "PALISADE_SIDECAR_CPU_REQUEST";
  public static final String MEMORY_REQUEST = "PALISADE_SIDECAR_MEMORY_REQUEST";
  public static final String CPU_LIMIT = "PALISADE_SIDECAR_CPU_LIMIT";
  public static final String MEMORY_LIMIT = "PALISADE_SIDECAR_MEMORY_LIMIT";
  public static final String EXCLUDED_NAMESPACES = "PALISADE_EXCLUDED_NAMESPACES";
  public static final String CONTROL_PLANE_URL = "PALISADE_CONTROL_PLANE_URL";
  /** Also where the operator publishes its CA bundle (see {@code OperatorTls}). */
  public static final String CA_CONFIGMAP = "PALISADE_CA_CONFIGMAP";
  /** The sidecar's JVM options; unset or blank: {@link InjectionConfig#SIDECAR_JVM_OPTIONS}. */
  public static final String JVM_OPTIONS = "PALISADE_SIDECAR_JVM_OPTIONS";

  private InjectionSettings() {}

  public static InjectionConfig fromEnvironment(Map<String, String> env) {
    InjectionConfig d = InjectionConfig.defaults();
    var resources = new ResourceRequirementsBuilder()
        .addToRequests("cpu", quantity(env, CPU_REQUEST, d.resources().getRequests().get("cpu")))
        .addToRequests("memory", quantity(env, MEMORY_REQUEST, d.resources().getRequests().get("memory")))
        .addToLimits("cpu", quantity(env, CPU_LIMIT, d.resources().getLimits().get("cpu")))
        .addToLimits("memory", quantity(env, MEMORY_LIMIT, d.resources().getLimits().get("memory")))
        .build();
    Set<String> excluded = env.containsKey(EXCLUDED_NAMESPACES)
        ? Arrays.stream(env.get(EXCLUDED_NAMESPACES).split(",")).map(String::trim).filter(s -> !s.isEmpty())
            .collect(Collectors.toSet())
        : d.excludedNamespaces();
    return new InjectionConfig(env.getOrDefault(IMAGE, d.image()), env.getOrDefault(PULL_POLICY, d.imagePullPolicy()),
        resources, d.proxyPort(), d.adminPort(), d.runAsUser(), excluded,
        env.getOrDefault(CONTROL_PLANE_URL, d.controlPlaneUrl()), d.tokenAudience(), d.tokenExpirySeconds(),
        env.getOrDefault(CA_CONFIGMAP, d.caConfigMap()),
        env.getOrDefault(JVM_OPTIONS, "").isBlank() ? d.jvmOptions() : env.get(JVM_OPTIONS).trim());
  }

  private static Quantity quantity(Map<String, String> env, String key, Quantity fallback) {
    String value = env.get(key);
    return value == null || value.isBlank() ? fallback : new Quantity(value);
  }
}
