package dev.palisade.operator;

import dev.palisade.operator.mcpserver.McpServerReconciler;
import dev.palisade.operator.mcpserver.ToolObservations;
import dev.palisade.operator.policy.McpPolicyReconciler;
import dev.palisade.operator.policy.PolicyCatalog;
import dev.palisade.policy.PolicyLoader;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;

/**
 * Wires the control plane: one place that builds the reconcilers and their collaborators, used by
 * {@link Main} in and out of cluster and by the tests against the mock API server.
 */
public final class PalisadeOperator implements AutoCloseable {
  private final Operator operator;
  private final PolicyCatalog policies;
  private final ToolObservations tools;

  /**
   * @param serverSideApply patch status and finalizers with server-side apply (a real API server);
   *     off for fabric8's mock API server, which answers apply patches with 415
   */
  public PalisadeOperator(KubernetesClient client, Clock clock, boolean serverSideApply) {
    this.policies = new PolicyCatalog();
    this.tools = new ToolObservations();
    this.operator = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false)
        .withStopOnInformerErrorDuringStartup(true).withUseSSAToPatchPrimaryResource(serverSideApply));
    operator.register(new McpPolicyReconciler(new PolicyLoader(), policies, clock));
    operator.register(new McpServerReconciler(policies, tools, clock));
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

  @Override
  public void close() {
    operator.stop();
  }
}
