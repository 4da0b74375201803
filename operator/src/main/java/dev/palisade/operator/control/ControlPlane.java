package dev.palisade.operator.control;

import dev.palisade.crds.mcpserver.McpServer;
import dev.palisade.operator.PalisadeOperator;
import dev.palisade.operator.monitoring.OperatorMetrics;
import dev.palisade.operator.sessions.NamespaceSalts;
import dev.palisade.operator.sessions.SharedSessionStore;
import dev.palisade.operator.violation.RetentionLimits;
import dev.palisade.operator.violation.ViolationWriter;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import io.micrometer.core.instrument.Meter;
import javax.net.ssl.SSLContext;

/**
 * The sidecar channel of the operator: an informer on McpServers (for their labels, trust mode and
 * pins), the validated policies of the running operator, the cross-server session store and the API
 * that serves them to sidecars and takes their reports. Any change to a server or a policy wakes the
 * sidecars waiting on it.
 */
public final class ControlPlane implements AutoCloseable {
  /** The Secret holding the master key of the namespaces' session salts, unless configured otherwise. */
  public static final String DEFAULT_SALT_SECRET = "palisade-session-salt";

  /**
   * Where and how the API listens.
   *
   * @param saltNamespace the operator's namespace, where the session salt Secret lives; {@code null}
   *     for the client's namespace
   * @param saltSecret the name of that Secret
   * @param sessions bounds of the cross-server session store
   */
  public record Settings(InetSocketAddress address, SSLContext tls, boolean requirePodBinding, Duration maxWait,
      RetentionLimits retention, String saltNamespace, String saltSecret, SharedSessionStore.Limits sessions) {
    public Settings(InetSocketAddress address, SSLContext tls, boolean requirePodBinding, Duration maxWait,
        RetentionLimits retention) {
      this(address, tls, requirePodBinding, maxWait, retention, null, DEFAULT_SALT_SECRET,
          SharedSessionStore.Limits.DEFAULT);
    }
  }

  private final SharedIndexInformer<McpServer> servers;
  private final ControlApiServer api;
  private final Runnable removeMeters;

  private ControlPlane(SharedIndexInformer<McpServer> servers, ControlApiServer api, Runnable removeMeters) {
    this.servers = servers;
    this.api = api;
    this.removeMeters = removeMeters;
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
    NamespaceSalts salts = new NamespaceSalts(client,
        settings.saltNamespace() == null ? client.getNamespace() : settings.saltNamespace(), settings.saltSecret());
    ServerConfigs configs = new ServerConfigs((namespace, name) -> informer.getStore().getByKey(namespace + "/" + name),
        operator.policies(), salts::of);
    SharedSessionStore sessions = new SharedSessionStore(settings.sessions(), clock);
    List<Meter> meters = sessionMetrics(operator.metrics(), sessions);
    ReportApplier reports = new ReportApplier(new ViolationWriter(client, settings.retention(), clock, operator.events()), operator.tools(),
        clock, operator.metrics());
    api[0] = new ControlApiServer(settings.address(), settings.tls(), configs, reports, authenticator,
        new SidecarAuthorizer(client, settings.requirePodBinding()), settings.maxWait(), agentTokens,
        new ControlApiServer.Hooks(operator.metrics()::controlRequest, operator::isLeader), sessions).start();
    operator.policies().onChange(api[0]::configChanged);
    return new ControlPlane(informer, api[0], () -> meters.forEach(operator.metrics()::remove));
  }

  private static List<Meter> sessionMetrics(OperatorMetrics metrics, SharedSessionStore sessions) {
    return List.of(metrics.gauge("palisade.operator.shared.sessions", "Cross-server sessions (agent principals) held", sessions,
        SharedSessionStore::sessions),
        metrics.functionCounter("palisade.operator.shared.session.steps", "Steps sidecars shared, stored", "outcome",
        "stored", sessions, SharedSessionStore::stepsStored),
        metrics.functionCounter("palisade.operator.shared.sessions.evicted", "Cross-server sessions dropped", "reason",
        "idle", sessions, SharedSessionStore::evictedIdle),
        metrics.functionCounter("palisade.operator.shared.sessions.evicted", "Cross-server sessions dropped", "reason",
        "capacity", sessions, SharedSessionStore::evictedForRoom));
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
    removeMeters.run(); // the session store goes with this control plane (as with a new leader)
  }
}
