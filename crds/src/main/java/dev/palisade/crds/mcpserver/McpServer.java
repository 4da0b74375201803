package dev.palisade.crds.mcpserver;

import dev.palisade.crds.Palisade;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One protected MCP server: the workload, its MCP endpoint, its policies and its tool pins. */
@Group(Palisade.GROUP)
@Version(Palisade.VERSION)
@Plural("mcpservers")
@ShortNames("mcps")
@Categories(Palisade.CATEGORY)
@AdditionalPrinterColumn(name = "PORT", jsonPath = ".spec.port", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "TRUST", jsonPath = ".spec.trustMode", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "SIDECARS", jsonPath = ".status.sidecars", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "TOOLS", jsonPath = ".status.toolCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "PENDING", jsonPath = ".status.pendingApprovals", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "VIOLATIONS", jsonPath = ".status.violations.total", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "READY", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "REASON", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class McpServer extends CustomResource<McpServerSpec, McpServerStatus> implements Namespaced {
  public McpServer() {}

  public McpServer(String name, McpServerSpec spec) {
    getMetadata().setName(name);
    setSpec(spec);
  }
}
