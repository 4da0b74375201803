package dev.palisade.inspection;

import dev.palisade.mcp.JsonRpcMessage;
import dev.palisade.mcp.ToolListing;
import java.util.ArrayList;
import java.util.List;

/**
 * What applies before anyone writes a policy (SPEC.md, "The built-in default policy"): poisoned tool
 * definitions are withheld, injected instructions in answers are blocked, secrets are redacted both
 * ways, PII is recorded, high-severity exfiltration (bulk extraction, credential files) is blocked.
 * Everything else passes unchanged.
 */
public final class BuiltinDefaultPolicy implements Policy {
  public static final String NAME = "builtin-default";

  @Override
  public Verdict decide(Exchange exchange, JsonRpcMessage message, List<Finding> findings) {
    if (findings.isEmpty()) {
      return Verdict.allow();
    }
    boolean listing = ToolListing.tools(exchange.method(), message) != null;
    List<Decision> decisions = new ArrayList<>(findings.size());
    for (Finding finding : findings) {
      decisions.add(decide(exchange, listing, finding));
    }
    return new Verdict(decisions);
  }

  private static Decision decide(Exchange exchange, boolean listing, Finding finding) {
    boolean toolDefinition = listing && ToolListing.toolIndex(finding.pointer()) >= 0;
    return switch (finding.category()) {
      case INJECTION, SHADOWING -> toolDefinition
          ? decision(finding, Action.BLOCK, "withhold-poisoned-tools")
          : exchange.direction() == Direction.RESPONSE
              ? decision(finding, Action.BLOCK, "block-injected-answers")
              : decision(finding, Action.ALERT, "report-injection-in-requests");
      case HIDDEN_TEXT -> toolDefinition
          ? decision(finding, Action.BLOCK, "withhold-poisoned-tools")
          : decision(finding, Action.ALERT, "report-hidden-text");
      case SECRET -> decision(finding, finding.hasSpan() ? Action.REDACT : Action.BLOCK, "redact-secrets");
      case PII -> decision(finding, Action.ALERT, "report-pii");
      case EXFILTRATION -> finding.severity().atLeast(Severity.HIGH)
          ? decision(finding, Action.BLOCK, "block-exfiltration")
          : decision(finding, Action.ALERT, "report-exfiltration");
      case INTEGRITY, SCHEMA, RATE -> decision(finding, Action.BLOCK, "block-" + finding.category().wireName());
    };
  }

  private static Decision decision(Finding finding, Action action, String rule) {
    return new Decision(finding, action, NAME, rule, true);
  }
}
