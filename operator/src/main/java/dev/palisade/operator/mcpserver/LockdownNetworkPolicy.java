package dev.palisade.operator.mcpserver;

import dev.palisade.crds.mcpserver.McpServer;
import dev.palisade.operator.violation.ViolationWriter;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lockdown: a NetworkPolicy, owned by the McpServer, that admits ingress to the server's pods only on
 * the sidecar's ports, so the server's own port is closed to the network and every agent goes through
 * the sidecar. NetworkPolicies add up (a pod selected by any policy admits only what some policy
 * allows), so this one closes the server's port even when other policies open other ports. The
 * sidecar's admin port (health, metrics) stays open for Prometheus; it never reaches the server.
 */
public final class LockdownNetworkPolicy {
  /** The sidecar's ports, as the injector gives them. */
  public record SidecarPorts(int proxy, int admin) {}

  private static final Logger log = LoggerFactory.getLogger(LockdownNetworkPolicy.class);

  private LockdownNetworkPolicy() {}

  /** {@code <server>-palisade-lockdown}, within the 253 characters of an object name. */
  public static String name(String server) {
    String name = server + "-palisade-lockdown";
    return name.length() <= 253 ? name : name.substring(0, 253);
  }

  /** What lockdown wants for this server and these pods: a pure function, checked by a golden file. */
  public static NetworkPolicy desired(McpServer server, LabelSelector pods, SidecarPorts ports) {
    String name = server.getMetadata().getName();
    return new NetworkPolicyBuilder()
        .withNewMetadata()
          .withName(name(name))
          .withNamespace(server.getMetadata().getNamespace())
          .withLabels(new TreeMap<>(Map.of(ViolationWriter.MANAGED_BY_LABEL, ViolationWriter.MANAGED_BY,
              ViolationWriter.SERVER_LABEL, labelValue(name))))
          .addNewOwnerReference()
            .withApiVersion(HasMetadata.getApiVersion(McpServer.class)).withKind(McpServer.class.getSimpleName())
            .withName(name).withUid(server.getMetadata().getUid()).withController(true)
          .endOwnerReference()
        .endMetadata()
        .withNewSpec()
          .withPodSelector(pods)
          .withPolicyTypes("Ingress")
          .addNewIngress()
            .addNewPort().withProtocol("TCP").withPort(new IntOrString(ports.proxy())).endPort()
            .addNewPort().withProtocol("TCP").withPort(new IntOrString(ports.admin())).endPort()
          .endIngress()
        .endSpec()
        .build();
  }

  /**
   * Makes the cluster match: creates or updates the policy when {@code pods} is known and lockdown
   * is on, deletes the operator's policy otherwise. Writes only when something differs.
   *
   * @return whether the server's port is closed now
   */
  static boolean reconcile(KubernetesClient client, McpServer server, LabelSelector pods, SidecarPorts ports) {
    String namespace = server.getMetadata().getNamespace();
    String name = name(server.getMetadata().getName());
    var policies = client.network().v1().networkPolicies().inNamespace(namespace);
    NetworkPolicy existing = policies.withName(name).get();
    boolean wanted = Boolean.TRUE.equals(server.getSpec().lockdown()) && pods != null;
    if (!wanted) {
      if (existing != null && ownedByPalisade(existing)) {
        policies.withName(name).delete();
        log.info("lockdown lifted namespace={} server={}", namespace, server.getMetadata().getName());
      }
      return false;
    }
    NetworkPolicy desired = desired(server, pods, ports);
    if (existing == null) {
      policies.resource(desired).create();
      log.info("lockdown applied namespace={} server={} ports={},{}", namespace, server.getMetadata().getName(),
          ports.proxy(), ports.admin());
    } else if (!Objects.equals(existing.getSpec(), desired.getSpec())
        || !Objects.equals(existing.getMetadata().getLabels(), desired.getMetadata().getLabels())
        || !Objects.equals(existing.getMetadata().getOwnerReferences(), desired.getMetadata().getOwnerReferences())) {
      desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
      policies.resource(desired).update();
    }
    return true;
  }

  private static boolean ownedByPalisade(NetworkPolicy policy) {
    Map<String, String> labels = policy.getMetadata().getLabels();
    return labels != null && ViolationWriter.MANAGED_BY.equals(labels.get(ViolationWriter.MANAGED_BY_LABEL));
  }

  private static String labelValue(String text) {
    String value = text.length() > 63 ? text.substring(0, 63) : text;
    return value.replaceAll("[^A-Za-z0-9]+$", "");
  }
}
