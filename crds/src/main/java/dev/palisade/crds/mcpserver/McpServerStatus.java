package dev.palisade.crds.mcpserver;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.palisade.crds.ToolApproval;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * What the operator observed: conditions (Ready, Injected, Protected, PolicyValid), the tools the
 * sidecars saw with their hashes and approval state, how many sidecars run, and violation counters.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record McpServerStatus(
    Long observedGeneration,
    List<Condition> conditions,
    List<ObservedTool> tools,
    Integer toolCount,
    Integer pendingApprovals,
    Integer sidecars,
    List<String> effectivePolicies,
    ViolationCounters violations) {

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ObservedTool(
      String name, String hash, String approvedHash, String firstSeen, String lastSeen, ToolApproval approval) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ViolationCounters(Long total, Long blocked, Long redacted, Long alerted) {}
}
