package dev.palisade.crds.mcpviolation;

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
 * One kind of violation on one server: repeats of the same rule, type and evidence raise
 * {@code count} and {@code lastSeen} instead of creating objects. Written only by the operator.
 */
@Group(Palisade.GROUP)
@Version(Palisade.VERSION)
@Plural("mcpviolations")
@ShortNames("mcpv")
@Categories(Palisade.CATEGORY)
@AdditionalPrinterColumn(name = "SERVER", jsonPath = ".spec.server", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "TOOL", jsonPath = ".spec.tool", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "CATEGORY", jsonPath = ".spec.category", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "TYPE", jsonPath = ".spec.type", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "ACTION", jsonPath = ".spec.action", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "SEVERITY", jsonPath = ".spec.severity", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "COUNT", jsonPath = ".spec.count", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "RULE", jsonPath = ".spec.rule", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "LAST SEEN", jsonPath = ".spec.lastSeen", type = AdditionalPrinterColumn.Type.DATE, priority = 1)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class McpViolation extends CustomResource<McpViolationSpec, Void> implements Namespaced {
  public McpViolation() {}

  public McpViolation(String name, McpViolationSpec spec) {
    getMetadata().setName(name);
    setSpec(spec);
  }
}
