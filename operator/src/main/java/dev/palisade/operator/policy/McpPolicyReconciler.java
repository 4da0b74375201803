package dev.palisade.operator.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.crds.ConditionTypes;
import dev.palisade.crds.mcppolicy.McpPolicy;
import dev.palisade.crds.mcppolicy.McpPolicyStatus;
import dev.palisade.operator.status.Conditions;
import dev.palisade.policy.PolicyException;
import dev.palisade.policy.PolicyLoader;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates each McpPolicy with the loader the sidecar runs, so a bad regex or a misspelt field is a
 * {@code PolicyValid=False} condition naming the field before any sidecar sees the document; valid
 * policies go into the {@link PolicyCatalog} that sidecars are served from.
 */
@ControllerConfiguration(name = "mcppolicy")
public final class McpPolicyReconciler implements Reconciler<McpPolicy>, Cleaner<McpPolicy> {
  private static final Logger log = LoggerFactory.getLogger(McpPolicyReconciler.class);

  private final PolicyLoader loader;
  private final PolicyCatalog catalog;
  private final Clock clock;

  public McpPolicyReconciler(PolicyLoader loader, PolicyCatalog catalog, Clock clock) {
    this.loader = loader;
    this.catalog = catalog;
    this.clock = clock;
  }

  @Override
  public UpdateControl<McpPolicy> reconcile(McpPolicy resource, Context<McpPolicy> context) {
    String namespace = resource.getMetadata().getNamespace();
    String name = resource.getMetadata().getName();
    McpPolicyStatus previous = resource.getStatus();
    Conditions conditions = new Conditions(previous == null ? null : previous.conditions(),
        resource.getMetadata().getGeneration(), clock);
    Integer rules = null;
    try {
      JsonNode document = document(resource);
      dev.palisade.policy.McpPolicy policy = loader.fromResource("McpPolicy " + namespace + "/" + name, document);
      catalog.put(namespace, policy, document);
      rules = policy.rules().size() + policy.toolAccess().size() + policy.rateLimits().size() + policy.sequences().size();
      conditions.set(ConditionTypes.POLICY_VALID, true, "Valid", "policy accepted by the engine");
    } catch (PolicyException e) {
      catalog.remove(namespace, name);
      log.info("policy rejected namespace={} name={} field={}", namespace, name, e.field());
      conditions.set(ConditionTypes.POLICY_VALID, false, "Invalid", e.getMessage());
    }
    McpPolicyStatus status = new McpPolicyStatus(resource.getMetadata().getGeneration(), conditions.build(), rules);
    if (Objects.equals(status, previous)) {
      return UpdateControl.noUpdate();
    }
    resource.setStatus(status);
    return UpdateControl.patchStatus(resource);
  }

  @Override
  public DeleteControl cleanup(McpPolicy resource, Context<McpPolicy> context) {
    catalog.remove(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
    return DeleteControl.defaultDelete();
  }

  /** The resource as the loader reads a file: apiVersion, kind, metadata.name and spec; status is ours. */
  private static JsonNode document(McpPolicy resource) {
    com.fasterxml.jackson.databind.node.ObjectNode node = Serialization.jsonMapper().createObjectNode();
    node.put("apiVersion", resource.getApiVersion());
    node.put("kind", resource.getKind());
    node.putObject("metadata").put("name", resource.getMetadata().getName());
    node.set("spec", Serialization.jsonMapper().valueToTree(resource.getSpec()));
    return node;
  }
}
