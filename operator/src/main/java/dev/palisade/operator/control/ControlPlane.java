package dev.palisade.operator.control;

import dev.palisade.crds.mcpserver.McpServer;
import dev.palisade.operator.PalisadeOperator;
import dev.palisade.operator.violation.RetentionLimits;
import dev.palisade.operator.violation.ViolationWriter;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * The sidecar channel of the operator: an informer on McpServers (for their labels, trust mode and
 * pins), the validated policies of the running operator, and the API that serves both to sidecars
 * and takes their reports. Any change to a server or a policy wakes the sidecars waiting on it.
 */
public final class ControlPlane implements AutoCloseable {
  /** Where and how the API listens. */
  public record Settings(InetSocketAddress address, SSLContext tls, boolean requirePodBinding, Duration maxWait,
      RetentionLimits retention) {}

  private final SharedIndexInformer<McpServer> servers;
  private final ControlApiServer api;

  private ControlPlane(SharedIndexInformer<McpServer> servers, ControlApiServer api) {
    this.servers = servers;
    this.api = api;
  }

  public static ControlPlane start(KubernetesClient client, PalisadeOperator operator, SidecarAuthenticator authenticator,
      Settings settings, Clock clock) throws IOException {
    return start(client, operator, authenticator, null, settings, clock);
  }

  /** @param agentTokens verifies agents' ServiceAccount tokens for sidecars, or {@code null} */
  public static ControlPlane start(KubernetesClient client, PalisadeOperator operator, SidecarAuthenticator authenticator,
      SidecarAuthenticator agentTokens, Settings settings, Clock clock) throws IOException {
    ControlApiServer[] api = new ControlApiServer[1];
    SharedIndexInformer<McpServer> informer = client.resources(McpServer.class).inAnyNamespace()
        .inform(new ResourceEventHandler<>() {
          @Override
          public void onAdd(McpServer server) {
            changed(api[0]);
          }

          @Override
          public void onUpdate(McpServer before, McpServer after) {
            changed(api[0]);
          }

          @Override
          public void onDelete(McpServer server, boolean finalStateUnknown) {
            changed(api[0]);
          }
        }, 0);
    ServerConfigs configs = new ServerConfigs((namespace, name) -> informer.getStore().getByKey(namespace + "/" + name),
        operator.policies());
    ReportApplier reports = new ReportApplier(new ViolationWriter(client, settings.retention(), clock, operator.events()), operator.tools(),
        clock, operator.metrics());
    api[0] = new ControlApiServer(settings.address(), settings.tls(), configs, reports, authenticator,
        new SidecarAuthorizer(client, settings.requirePodBinding()), settings.maxWait(), agentTokens,
        new ControlApiServer.Hooks(operator.metrics()::controlRequest, operator::isLeader)).start();
    operator.policies().onChange(api[0]::configChanged);
    return new ControlPlane(informer, api[0]);
  }

  private static void changed(ControlApiServer api) {
    if (api != null) {
      api.configChanged();
    }
  }

  public int port() {
    return api.port();
  }

  @Override
  public void close() {
    api.close();
    servers.close();
  }
}
