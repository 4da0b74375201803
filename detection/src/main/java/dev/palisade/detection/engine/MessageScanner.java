package dev.palisade.detection.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.palisade.inspection.Category;
import dev.palisade.inspection.Detector;
import dev.palisade.inspection.EvidenceFactory;
import dev.palisade.inspection.Exchange;
import dev.palisade.inspection.Finding;
import dev.palisade.inspection.Severity;
import dev.palisade.mcp.JsonRpcMessage;
import dev.palisade.mcp.ToolListing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The detector the sidecar runs: picks the strings of a message that matter ({@link MessageStrings}),
 * scans each with the {@link ScanEngine}, and reports findings with the exact pointer and span so
 * redaction and withholding can act on them. In tool listings it also reports duplicate and
 * near-duplicate tool names (shadowing), within the list and against other servers' tools, and in a
 * server's elicitation request the form fields that ask for secrets ({@link SensitiveElicitation}).
 */
public final class MessageScanner implements Detector {
  private final ScanEngine engine;
  private final EvidenceFactory evidence;
  private final MessageStrings strings;
  private final ToolNameCatalog catalog;

  public MessageScanner(ScanEngine engine, EvidenceFactory evidence, ToolNameCatalog catalog, ScanLimits limits) {
    this.engine = engine;
    this.evidence = evidence;
    this.catalog = catalog;
    this.strings = new MessageStrings(limits.maxStringsPerMessage());
  }

  @Override
  public List<Finding> detect(Exchange exchange, JsonRpcMessage message) {
    List<Finding> findings = new ArrayList<>();
    for (ScanTarget target : strings.collect(exchange, message)) {
      for (Match match : engine.scan(target.text())) {
        Category category = match.rule().category();
        findings.add(new Finding(category, match.rule().type(), match.rule().severity(), match.rule().id(), target.pointer(),
            match.start(), match.end(), target.tool(), evidence.of(category, match.matched())));
      }
    }
    ArrayNode tools = ToolListing.tools(exchange.method(), message);
    if (tools != null) {
      duplicates(exchange, tools, findings);
    }
    findings.addAll(SensitiveElicitation.findings(message, evidence));
    return findings;
  }

  private void duplicates(Exchange exchange, ArrayNode tools, List<Finding> findings) {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < tools.size(); i++) {
      JsonNode name = tools.get(i).get("name");
      if (name == null || !name.isTextual()) {
        continue;
      }
      String text = name.textValue();
      String pointer = ToolListing.toolPointer(i) + "/name";
      Integer first = seen.putIfAbsent(catalog.fold(text), i);
      if (first != null) {
        findings.add(new Finding(Category.SHADOWING, "duplicate_tool_name", Severity.HIGH, "shadowing.duplicate-tool-name",
            pointer, 0, text.length(), text, evidence.of(Category.SHADOWING, text)));
        continue;
      }
      String other = catalog.register(exchange.server(), text);
      if (other != null) {
        findings.add(new Finding(Category.SHADOWING, "cross_server_tool_name", Severity.HIGH, "shadowing.cross-server-tool-name",
            pointer, 0, text.length(), text, evidence.of(Category.SHADOWING, text)));
      }
    }
  }
}
