package dev.palisade.crds.mcpserver;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.palisade.crds.TransportEra;
import dev.palisade.crds.TrustMode;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/**
 * What an administrator declares about one MCP server. Approved pins live here because only an
 * administrator (or the operator, in trust-on-first-use mode) may write this spec; the protected
 * workload never can.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.selector) || has(self.workloadRef)", message = "needs selector or workloadRef")
public record McpServerSpec(
    @JsonPropertyDescription("Pods of the server, by label")
    LabelSelector selector,
    @JsonPropertyDescription("Or the workload that owns the pods")
    WorkloadReference workloadRef,
    @JsonPropertyDescription("Container port the MCP server listens on")
    @Required @Min(1) @Max(65535) Integer port,
    @JsonPropertyDescription("HTTP path of the MCP endpoint (default /mcp)")
    @Pattern("^/.*") String path,
    @JsonPropertyDescription("Transport generations the server speaks (default: all)")
    List<TransportEra> transports,
    UpstreamTls upstreamTls,
    @JsonPropertyDescription("McpPolicy names in this namespace, in addition to policies whose selector matches this server")
    List<String> policies,
    @JsonPropertyDescription("pinned: only approved hashes pass; trust-on-first-use: the operator approves the first hash it sees; observe: record only")
    TrustMode trustMode,
    @JsonPropertyDescription("Tool definition hashes allowed to pass")
    List<ApprovedPin> approvedPins,
    @JsonPropertyDescription("Close the server's own port to the network (NetworkPolicy) so traffic must pass the sidecar")
    Boolean lockdown) {

  /** The trust mode, defaulted. */
  public TrustMode effectiveTrustMode() {
    return trustMode == null ? TrustMode.TRUST_ON_FIRST_USE : trustMode;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record WorkloadReference(
      @JsonPropertyDescription("Deployment, StatefulSet or DaemonSet")
      @Required @Pattern("^(Deployment|StatefulSet|DaemonSet)$") String kind,
      @Required String name) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record UpstreamTls(
      @JsonPropertyDescription("Whether the sidecar speaks TLS to the server")
      Boolean enabled,
      @JsonPropertyDescription("Name to verify in the server's certificate")
      String serverName,
      @JsonPropertyDescription("Secret (key ca.crt) holding the CA that signed the server's certificate")
      String caSecretName) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ApprovedPin(
      @Required String tool,
      @JsonPropertyDescription("SHA-256 of the canonical tool definition, hex")
      @Required @Pattern("^[0-9a-f]{64}$") String hash,
      @JsonPropertyDescription("Who approved it (a user, or palisade-operator for trust on first use)")
      String approvedBy,
      String approvedAt) {}
}
