package dev.palisade.operator.tls;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.Collection;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CA bundle as a ConfigMap ({@code palisade-ca}, key {@code ca.crt}) in every namespace that has
 * McpServers, for the injector to mount into sidecars: a pod can mount only what its own namespace
 * holds, the operator's Secret lives in another one, and projected {@code clusterTrustBundle} volumes
 * are not available on every supported cluster. The bundle is public, so a ConfigMap is the right
 * kind of object. Written only when missing or different; a conflict means another replica wrote it.
 */
public final class CaConfigMaps implements CaBundleSink {
  public static final String KEY = "ca.crt";
  private static final Logger log = LoggerFactory.getLogger(CaConfigMaps.class);
  private final KubernetesClient client;
  private final String name;
  private final Supplier<Collection<String>> namespaces;
  private volatile CaBundle latest;

  /** @param namespaces where sidecars are (namespaces with McpServers), asked at every publication */
  public CaConfigMaps(KubernetesClient client, String name, Supplier<Collection<String>> namespaces) {
    this.client = client;
    this.name = name;
    this.namespaces = namespaces;
  }

  @Override
  public void publish(CaBundle bundle) {
    latest = bundle;
    for (String namespace : namespaces.get()) {
      publish(bundle, namespace);
    }
  }

  /** A namespace just got its first McpServer: give it the bundle now rather than at the next round. */
  public void publishTo(String namespace) {
    CaBundle bundle = latest;
    if (bundle != null) {
      publish(bundle, namespace);
    }
  }

  private void publish(CaBundle bundle, String namespace) {
    String pem = bundle.pem();
    var resource = client.configMaps().inNamespace(namespace).withName(name);
    try {
      ConfigMap current = resource.get();
      if (current == null) {
        client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
            .withNamespace(namespace).addToLabels(CertificateSecret.MANAGED_BY, CertificateSecret.OPERATOR).endMetadata()
            .withData(Map.of(KEY, pem)).build()).create();
        log.info("CA bundle published configMap={}/{} cas={}", namespace, name, bundle.certificates().size());
      } else if (current.getData() == null || !pem.equals(current.getData().get(KEY))) {
        client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder(current).withData(Map.of(KEY, pem))
            .build()).update();
        log.info("CA bundle updated configMap={}/{} cas={}", namespace, name, bundle.certificates().size());
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        log.warn("CA bundle not published configMap={}/{} code={} error={}", namespace, name, e.getCode(), e.getMessage());
      }
    }
  }
}
