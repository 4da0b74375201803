package dev.palisade.crds.mcppolicy;

import dev.palisade.crds.Palisade;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A policy: which McpServers it selects and what it does with their traffic. The spec has exactly the
 * schema of a standalone policy file, so the sidecar's own loader validates both.
 */
@Group(Palisade.GROUP)
@Version(Palisade.VERSION)
@Plural("mcppolicies")
@ShortNames("mcpp")
@Categories(Palisade.CATEGORY)
@AdditionalPrinterColumn(name = "MODE", jsonPath = ".spec.mode", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "DEFAULT", jsonPath = ".spec.defaultAction", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "RULES", jsonPath = ".status.rules", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "VALID", jsonPath = ".status.conditions[?(@.type==\"PolicyValid\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "REASON", jsonPath = ".status.conditions[?(@.type==\"PolicyValid\")].reason",
    type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class McpPolicy extends CustomResource<McpPolicySpec, McpPolicyStatus> implements Namespaced {
  public McpPolicy() {}

  public McpPolicy(String name, McpPolicySpec spec) {
    getMetadata().setName(name);
    setSpec(spec);
  }
}
