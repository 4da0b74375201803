package dev.palisade.operator.control;

import dev.palisade.operator.injection.InjectionAnnotations;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;

/**
 * Whether an authenticated sidecar may read the configuration of, and report for, one McpServer:
 * its ServiceAccount lives in the server's namespace and, for a pod-bound token, its pod carries the
 * sidecar the injector put there for that very server. Nothing here grants a right to change pins,
 * policies or violations: the control API has no such operation.
 */
public final class SidecarAuthorizer {
  private final KubernetesClient client;
  private final boolean requirePodBinding;

  /**
   * @param requirePodBinding refuse tokens not bound to a pod (projected tokens always are; only
   *     tests with hand-made identities turn this off)
   */
  public SidecarAuthorizer(KubernetesClient client, boolean requirePodBinding) {
    this.client = client;
    this.requirePodBinding = requirePodBinding;
  }

  public boolean mayActFor(SidecarIdentity identity, String namespace, String server)
      throws SidecarAuthenticator.AuthenticationUnavailable {
    if (!namespace.equals(identity.namespace())) {
      return false;
    }
    if (identity.pod() == null) {
      return !requirePodBinding;
    }
    Pod pod;
    try {
      pod = client.pods().inNamespace(namespace).withName(identity.pod()).get();
    } catch (KubernetesClientException e) {
      throw new SidecarAuthenticator.AuthenticationUnavailable("cannot read pod " + identity.pod(), e);
    }
    if (pod == null || pod.getSpec() == null || !identity.serviceAccount().equals(pod.getSpec().getServiceAccountName())) {
      return false;
    }
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    String status = annotations == null ? null : annotations.get(InjectionAnnotations.STATUS);
    return status != null && status.contains("\"server\":\"" + server + "\"");
  }
}
