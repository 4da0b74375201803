package dev.palisade.crds.mcpviolation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.palisade.crds.Direction;
import dev.palisade.crds.FindingCategory;
import dev.palisade.crds.PolicyAction;
import dev.palisade.crds.Severity;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import java.time.Instant;

/**
 * Where and what, never the secret itself: the evidence is a masked excerpt and a salted hash.
 * A violation is a record, not a desired state, so everything lives in spec and only the operator
 * writes it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record McpViolationSpec(
    @JsonPropertyDescription("McpServer name") @Required String server,
    String policy,
    @Required String rule,
    @Required FindingCategory category,
    @JsonPropertyDescription("Finding type, e.g. credit_card or aws_access_key") String type,
    Severity severity,
    @JsonPropertyDescription("What the sidecar did") @Required PolicyAction action,
    Direction direction,
    @JsonPropertyDescription("MCP method, e.g. tools/call") String method,
    String tool,
    @JsonPropertyDescription("Authenticated agent identity") String principal,
    @JsonPropertyDescription("Session correlation key (Mcp-Session-Id, trace id or principal window)") String sessionKey,
    Evidence evidence,
    @JsonPropertyDescription("How many times this violation was seen") @Required @Min(1) Long count,
    @Required String firstSeen,
    @Required String lastSeen) {

  /** The same violation seen {@code more} more times, last at {@code seen}. */
  public McpViolationSpec repeated(long more, String seen) {
    Instant at = Instant.parse(seen);
    String last = at.isAfter(Instant.parse(lastSeen)) ? seen : lastSeen;
    String first = at.isBefore(Instant.parse(firstSeen)) ? seen : firstSeen;
    return new McpViolationSpec(server, policy, rule, category, type, severity, action, direction, method, tool,
        principal, sessionKey, evidence, count + more, first, last);
  }

  /**
   * @param excerpt masked (sensitive categories) or shortened text of the match
   * @param hash salted HMAC-SHA256 of the matched value, hex
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Evidence(String excerpt, String hash) {}
}
