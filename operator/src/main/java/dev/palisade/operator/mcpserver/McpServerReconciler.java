package dev.palisade.operator.mcpserver;

import dev.palisade.crds.ConditionTypes;
import dev.palisade.crds.ToolApproval;
import dev.palisade.crds.TrustMode;
import dev.palisade.crds.mcpserver.McpServer;
import dev.palisade.crds.mcpserver.McpServerSpec;
import dev.palisade.crds.mcpserver.McpServerStatus;
import dev.palisade.crds.mcpviolation.McpViolation;
import dev.palisade.operator.events.ServerEvents;
import dev.palisade.operator.injection.InjectionAnnotations;
import dev.palisade.operator.policy.PolicyCatalog;
import dev.palisade.operator.status.Conditions;
import dev.palisade.operator.violation.ViolationWriter;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Builds McpServer status: observe (pods, tool reports, violations, policies) → approve first-seen
 * tools in trust-on-first-use mode → conditions → patch only what changed.
 */
@ControllerConfiguration(name = "mcpserver",
    maxReconciliationInterval = @MaxReconciliationInterval(interval = 30, timeUnit = TimeUnit.SECONDS))
public final class McpServerReconciler implements Reconciler<McpServer> {
  /** Who the operator names as approver of pins it writes in trust-on-first-use mode. */
  public static final String OPERATOR_APPROVER = "palisade-operator";

  private final PolicyCatalog policies;
  private final ToolObservations tools;
  private final Clock clock;
  private final ServerEvents events;
  private final LockdownNetworkPolicy.SidecarPorts sidecarPorts;

  public McpServerReconciler(PolicyCatalog policies, ToolObservations tools, Clock clock, ServerEvents events,
      LockdownNetworkPolicy.SidecarPorts sidecarPorts) {
    this.policies = policies;
    this.tools = tools;
    this.clock = clock;
    this.events = events;
    this.sidecarPorts = sidecarPorts;
  }

  @Override
  public UpdateControl<McpServer> reconcile(McpServer server, Context<McpServer> context) {
    KubernetesClient client = context.getClient();
    String namespace = server.getMetadata().getNamespace();
    String name = server.getMetadata().getName();
    McpServerSpec spec = server.getSpec();

    List<ToolObservations.Observation> observed = tools.of(namespace, name);
    List<McpServerSpec.ApprovedPin> newPins = firstUseApprovals(spec, observed);
    McpServerSpec approvedSpec = newPins.isEmpty() ? spec : withPins(spec, newPins);

    List<McpServerStatus.ObservedTool> toolStatus = toolStatus(approvedSpec, observed);
    int pending = (int) toolStatus.stream().filter(t -> t.approval() != ToolApproval.APPROVED).count();
    LabelSelector pods = podSelector(client, namespace, spec);
    int sidecars = injectedPods(client, namespace, pods);
    boolean lockedDown = LockdownNetworkPolicy.reconcile(client, server, pods, sidecarPorts);
    List<String> missing = missingPolicies(namespace, spec);
    List<String> effective = effectivePolicies(namespace, server, spec);

    McpServerStatus previous = server.getStatus();
    Conditions conditions = new Conditions(previous == null ? null : previous.conditions(),
        server.getMetadata().getGeneration(), clock);
    conditions.set(ConditionTypes.POLICY_VALID, missing.isEmpty(), missing.isEmpty() ? "Valid" : "PolicyNotValid",
        missing.isEmpty() ? "effective policies: " + (effective.isEmpty() ? "builtin-default" : String.join(", ", effective))
            : "missing or invalid McpPolicy: " + String.join(", ", missing));
    conditions.set(ConditionTypes.INJECTED, sidecars > 0, sidecars > 0 ? "SidecarsRunning" : "NoInjectedPods",
        sidecars + " pod(s) carry the sidecar");
    boolean protectedNow = sidecars > 0 && missing.isEmpty();
    conditions.set(ConditionTypes.PROTECTED, protectedNow, protectedNow ? "Enforcing" : "NotEnforcing",
        lockedDown ? "lockdown: NetworkPolicy " + LockdownNetworkPolicy.name(name) + " admits only the sidecar's ports"
            : Boolean.TRUE.equals(spec.lockdown()) ? "lockdown requested but the server's pods are not known yet"
            : "the server port stays reachable without the sidecar (lockdown off)");
    conditions.set(ConditionTypes.READY, protectedNow, protectedNow ? "Ready" : "NotReady",
        pending > 0 ? pending + " tool(s) await approval" : "all observed tools approved");

    McpServerStatus status = new McpServerStatus(server.getMetadata().getGeneration(), conditions.build(), toolStatus,
        toolStatus.size(), pending, sidecars, effective, violationCounters(client, namespace, name));

    PinEvents.of(server, previous == null ? null : previous.tools(), toolStatus, newPins).forEach(events::emit);

    boolean specChanged = !newPins.isEmpty();
    boolean statusChanged = !Objects.equals(status, previous);
    if (specChanged) {
      server.setSpec(approvedSpec);
    }
    server.setStatus(status);
    if (specChanged && statusChanged) {
      return UpdateControl.patchResourceAndStatus(server);
    }
    if (specChanged) {
      return UpdateControl.patchResource(server);
    }
    return statusChanged ? UpdateControl.patchStatus(server) : UpdateControl.noUpdate();
  }

  /** In trust-on-first-use mode, the first hash seen for a tool with no pin becomes its pin. */
  static List<McpServerSpec.ApprovedPin> firstUseApprovals(McpServerSpec spec, List<ToolObservations.Observation> observed) {
    if (spec.effectiveTrustMode() != TrustMode.TRUST_ON_FIRST_USE) {
      return List.of();
    }
    Set<String> pinned = new LinkedHashSet<>();
    if (spec.approvedPins() != null) {
      spec.approvedPins().forEach(p -> pinned.add(p.tool()));
    }
    List<McpServerSpec.ApprovedPin> added = new ArrayList<>();
    for (ToolObservations.Observation tool : observed) {
      if (!pinned.contains(tool.tool())) {
        added.add(new McpServerSpec.ApprovedPin(tool.tool(), tool.hash(), OPERATOR_APPROVER, tool.firstSeen().toString()));
      }
    }
    return added;
  }

  private static McpServerSpec withPins(McpServerSpec spec, List<McpServerSpec.ApprovedPin> added) {
    List<McpServerSpec.ApprovedPin> pins = new ArrayList<>(spec.approvedPins() == null ? List.of() : spec.approvedPins());
    pins.addAll(added);
    return new McpServerSpec(spec.selector(), spec.workloadRef(), spec.port(), spec.path(), spec.transports(),
        spec.upstreamTls(), spec.policies(), spec.trustMode(), pins, spec.lockdown());
  }

  static List<McpServerStatus.ObservedTool> toolStatus(McpServerSpec spec, List<ToolObservations.Observation> observed) {
    Map<String, String> approved = new java.util.HashMap<>();
    if (spec.approvedPins() != null) {
      spec.approvedPins().forEach(p -> approved.put(p.tool(), p.hash()));
    }
    return observed.stream().map(tool -> {
      String pin = approved.get(tool.tool());
      ToolApproval approval = pin == null ? ToolApproval.PENDING : pin.equals(tool.hash()) ? ToolApproval.APPROVED : ToolApproval.CHANGED;
      return new McpServerStatus.ObservedTool(tool.tool(), tool.hash(), pin, tool.firstSeen().toString(),
          tool.lastSeen().toString(), approval);
    }).toList();
  }

  /** The server's pods: its own selector, or its workload's. */
  private static LabelSelector podSelector(KubernetesClient client, String namespace, McpServerSpec spec) {
    LabelSelector selector = spec.selector();
    if (selector == null && spec.workloadRef() != null) {
      selector = workloadSelector(client, namespace, spec.workloadRef());
    }
    return selector;
  }

  private static int injectedPods(KubernetesClient client, String namespace, LabelSelector selector) {
    if (selector == null) {
      return 0;
    }
    List<Pod> pods = client.pods().inNamespace(namespace).withLabelSelector(selector).list().getItems();
    return (int) pods.stream()
        .filter(p -> p.getMetadata().getAnnotations() != null
            && p.getMetadata().getAnnotations().containsKey(InjectionAnnotations.STATUS))
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .count();
  }

  private static LabelSelector workloadSelector(KubernetesClient client, String namespace,
      McpServerSpec.WorkloadReference ref) {
    var apps = client.apps();
    return switch (ref.kind()) {
      case "Deployment" -> {
        var d = apps.deployments().inNamespace(namespace).withName(ref.name()).get();
        yield d == null ? null : d.getSpec().getSelector();
      }
      case "StatefulSet" -> {
        var s = apps.statefulSets().inNamespace(namespace).withName(ref.name()).get();
        yield s == null ? null : s.getSpec().getSelector();
      }
      case "DaemonSet" -> {
        var s = apps.daemonSets().inNamespace(namespace).withName(ref.name()).get();
        yield s == null ? null : s.getSpec().getSelector();
      }
      default -> null;
    };
  }

  private List<String> missingPolicies(String namespace, McpServerSpec spec) {
    if (spec.policies() == null) {
      return List.of();
    }
    return spec.policies().stream().filter(p -> policies.get(namespace, p).isEmpty()).toList();
  }

  private List<String> effectivePolicies(String namespace, McpServer server, McpServerSpec spec) {
    Map<String, String> labels = server.getMetadata().getLabels() == null ? Map.of() : server.getMetadata().getLabels();
    return policies.effective(namespace, spec.policies(), labels).stream().map(e -> e.policy().name()).toList();
  }

  private static McpServerStatus.ViolationCounters violationCounters(KubernetesClient client, String namespace, String server) {
    long total = 0;
    long blocked = 0;
    long redacted = 0;
    long alerted = 0;
    for (McpViolation v : client.resources(McpViolation.class).inNamespace(namespace)
        .withLabel(ViolationWriter.SERVER_LABEL, server).list().getItems()) {
      if (v.getSpec() == null || !server.equals(v.getSpec().server())) {
        continue;
      }
      long count = v.getSpec().count() == null ? 0 : v.getSpec().count();
      total += count;
      switch (v.getSpec().action()) {
        case BLOCK -> blocked += count;
        case REDACT -> redacted += count;
        case ALERT -> alerted += count;
        default -> { }
      }
    }
    return new McpServerStatus.ViolationCounters(total, blocked, redacted, alerted);
  }
}
