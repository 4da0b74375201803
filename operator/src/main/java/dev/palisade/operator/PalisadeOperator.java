package dev.palisade.operator;

import dev.palisade.operator.events.EventRateLimiter;
import dev.palisade.operator.events.KubernetesServerEvents;
import dev.palisade.operator.injection.InjectionConfig;
import dev.palisade.operator.leader.Leadership;
import dev.palisade.operator.mcpserver.LockdownNetworkPolicy;
import dev.palisade.operator.mcpserver.McpServerReconciler;
import dev.palisade.operator.mcpserver.ToolObservations;
import dev.palisade.operator.policy.McpPolicyReconciler;
import dev.palisade.operator.policy.PolicyCatalog;
import dev.palisade.policy.PolicyLoader;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import dev.palisade.operator.monitoring.MonitoringServer;
import dev.palisade.operator.monitoring.OperatorMetrics;
import java.time.Clock;

/**
 * Wires the control plane: one place that builds the reconcilers and their collaborators, used by
 * {@link Main} in and out of cluster and by the tests against the mock API server.
 */
public final class PalisadeOperator implements AutoCloseable {
  private final Operator operator;
  private final PolicyCatalog policies;
  private final ToolObservations tools;
  private final KubernetesServerEvents events;
  private final OperatorMetrics metrics;
  private final Leadership leadership;

  /**
   * @param serverSideApply patch status and finalizers with server-side apply (a real API server);
   *     off for fabric8's mock API server, which answers apply patches with 415
   */
  public PalisadeOperator(KubernetesClient client, Clock clock, boolean serverSideApply) {
    this(client, clock, serverSideApply, OperatorMetrics.discarding());
  }

  /** @param metrics where JOSDK's metrics and the operator's own counters go */
  public PalisadeOperator(KubernetesClient client, Clock clock, boolean serverSideApply, OperatorMetrics metrics) {
    this(client, clock, serverSideApply, metrics, null);
  }

  /** @param leadership leader election over a Lease, or {@code null} for a single replica that always leads */
  public PalisadeOperator(KubernetesClient client, Clock clock, boolean serverSideApply, OperatorMetrics metrics,
      Leadership leadership) {
    this.metrics = metrics;
    this.leadership = leadership;
    this.policies = new PolicyCatalog();
    this.tools = new ToolObservations();
    this.events = new KubernetesServerEvents(client,
        new EventRateLimiter(EventRateLimiter.Limits.PER_SERVER, EventRateLimiter.Limits.OVERALL, clock),
        System.getenv().getOrDefault("HOSTNAME", "palisade-operator"), clock);
    this.operator = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false)
        .withStopOnInformerErrorDuringStartup(true).withUseSSAToPatchPrimaryResource(serverSideApply)
        .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(metrics.registry()))
        .withLeaderElectionConfiguration(leadership == null ? null : leadership.configuration()));
    metrics.functionCounter("palisade.operator.events", "Kubernetes Events about McpServers", "outcome", "written",
        events, KubernetesServerEvents::written);
    metrics.functionCounter("palisade.operator.events", "Kubernetes Events about McpServers", "outcome", "dropped",
        events, KubernetesServerEvents::dropped);
    operator.register(new McpPolicyReconciler(new PolicyLoader(), policies, clock));
    operator.register(new McpServerReconciler(policies, tools, clock, events,
        new LockdownNetworkPolicy.SidecarPorts(InjectionConfig.defaults().proxyPort(), InjectionConfig.defaults().adminPort())));
  }

  public PalisadeOperator start() {
    operator.start();
    return this;
  }

  public PolicyCatalog policies() {
    return policies;
  }

  public ToolObservations tools() {
    return tools;
  }

  public OperatorMetrics metrics() {
    return metrics;
  }

  /** Whether this replica reconciles and serves sidecars (always, without leader election). */
  public boolean isLeader() {
    return leadership == null || leadership.isLeader();
  }

  /** Ready when JOSDK started and every informer is healthy. */
  public MonitoringServer.Readiness readiness() {
    RuntimeInfo info = operator.getRuntimeInfo();
    if (!info.isStarted()) {
      return new MonitoringServer.Readiness(false, "operator not started");
    }
    if (!info.allEventSourcesAreHealthy()) {
      return new MonitoringServer.Readiness(false, "unhealthy event sources " + info.unhealthyEventSources().keySet());
    }
    return new MonitoringServer.Readiness(true, "");
  }

  /** Kubernetes Events about McpServers, rate limited per server and overall. */
  public KubernetesServerEvents events() {
    return events;
  }

  @Override
  public void close() {
    operator.stop();
  }
}
