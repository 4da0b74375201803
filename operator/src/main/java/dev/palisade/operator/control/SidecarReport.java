package dev.palisade.operator.control;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.palisade.crds.Direction;
import dev.palisade.crds.FindingCategory;
import dev.palisade.crds.PolicyAction;
import dev.palisade.crds.Severity;
import java.util.List;

/**
 * What a sidecar sends to {@code POST /v1/servers/{namespace}/{name}/reports}: its instance, the
 * report's sequence number (from 1, strictly increasing per instance, the same on every retry),
 * violations aggregated since its previous report and the tool hashes it currently observes.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SidecarReport(String sidecar, long sequence, List<Violation> violations, List<ObservedTool> observedTools) {
  public static final int MAX_VIOLATIONS = 1000;
  public static final int MAX_TOOLS = 1000;

  public SidecarReport {
    violations = violations == null ? List.of() : violations;
    observedTools = observedTools == null ? List.of() : observedTools;
  }

  /** Why this report cannot be accepted, or {@code null} when it can. */
  public String problem() {
    if (sidecar == null || sidecar.isBlank() || sidecar.length() > 253) {
      return "sidecar: 1 to 253 characters";
    }
    if (sequence < 1) {
      return "sequence: must be at least 1";
    }
    if (violations.size() > MAX_VIOLATIONS || observedTools.size() > MAX_TOOLS) {
      return "at most " + MAX_VIOLATIONS + " violations and " + MAX_TOOLS + " tools per report";
    }
    for (Violation v : violations) {
      if (v == null || v.rule() == null || v.category() == null || v.action() == null || v.occurrences() < 1
          || v.lastSeen() == null) {
        return "violations: rule, category, action, occurrences >= 1 and lastSeen are required";
      }
    }
    for (ObservedTool t : observedTools) {
      if (t == null || t.tool() == null || t.hash() == null || !t.hash().matches("[0-9a-f]{64}")) {
        return "observedTools: tool and a SHA-256 hex hash are required";
      }
    }
    return null;
  }

  /** One kind of violation and how often it occurred; evidence is masked, never the value. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Violation(String policy, String rule, FindingCategory category, String type, Severity severity,
      PolicyAction action, Direction direction, String method, String tool, String principal, String session,
      String excerpt, String evidenceHash, long occurrences, String lastSeen) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ObservedTool(String tool, String hash) {}
}
