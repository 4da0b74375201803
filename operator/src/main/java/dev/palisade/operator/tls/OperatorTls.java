package dev.palisade.operator.tls;

import dev.palisade.crds.mcpserver.McpServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * The operator's TLS, wired from {@link TlsSettings}: the certificate source of the mode, the
 * listeners' {@link ServingTls}, and where the CA bundle goes (the webhook configuration when the
 * operator is its own CA; the {@code palisade-ca} ConfigMaps in both modes, for the sidecars).
 */
public final class OperatorTls implements AutoCloseable {
  private final ServingTls serving;
  private final TlsMaintenance maintenance;
  private final SharedIndexInformer<McpServer> servers;

  private OperatorTls(ServingTls serving, TlsMaintenance maintenance, SharedIndexInformer<McpServer> servers) {
    this.serving = serving;
    this.maintenance = maintenance;
    this.servers = servers;
  }

  /** Runs the first round (certificates exist when this returns) and schedules the next ones. */
  public static OperatorTls start(KubernetesClient client, TlsSettings settings, Clock clock) {
    if (settings.mode() == TlsSettings.Mode.OFF) {
      throw new IllegalArgumentException("TLS is off");
    }
    ServingTls serving = new ServingTls();
    SharedIndexInformer<McpServer> servers = client.resources(McpServer.class).inAnyNamespace().runnableInformer(0);
    CaConfigMaps configMaps = new CaConfigMaps(client, settings.caConfigMap(), () -> namespaces(servers));
    List<CaBundleSink> sinks = new ArrayList<>();
    TlsSource source;
    if (settings.mode() == TlsSettings.Mode.OPERATOR) {
      source = new OperatorCertificates(SecretStore.of(client, settings.namespace(), settings.secretName()),
          new CertificateRenewal(new CertificateIssuer(), settings.serviceName(), settings.dnsNames(), settings.caValidity(),
              settings.servingValidity()), clock, settings.namespace(), settings.secretName());
      sinks.add(new WebhookCaBundle(client, settings.webhookConfiguration()));
    } else {
      source = new MountedCertificates(settings.directory());
    }
    sinks.add(configMaps);
    TlsMaintenance maintenance = new TlsMaintenance(source, serving, sinks);
    servers.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(McpServer server) {
        String namespace = server.getMetadata().getNamespace();
        maintenance.execute(() -> configMaps.publishTo(namespace));
      }

      @Override
      public void onUpdate(McpServer before, McpServer after) {
        // the namespace of an object never changes
      }

      @Override
      public void onDelete(McpServer server, boolean finalStateUnknown) {
        // the ConfigMap stays: public data, and pods of that namespace may still mount it
      }
    });
    servers.run();
    maintenance.start(settings.checkInterval());
    return new OperatorTls(serving, maintenance, servers);
  }

  private static Collection<String> namespaces(SharedIndexInformer<McpServer> servers) {
    return servers.getStore().list().stream().map(s -> s.getMetadata().getNamespace())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** For the webhook and the control API: always presents the current serving certificate. */
  public SSLContext context() {
    return serving.context();
  }

  @Override
  public void close() {
    maintenance.close();
    servers.close();
  }
}
