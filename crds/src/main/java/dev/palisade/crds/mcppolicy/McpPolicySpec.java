package dev.palisade.crds.mcppolicy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.palisade.crds.Carries;
import dev.palisade.crds.Direction;
import dev.palisade.crds.FindingCategory;
import dev.palisade.crds.PolicyAction;
import dev.palisade.crds.PolicyMode;
import dev.palisade.crds.RateLimitScope;
import dev.palisade.crds.Severity;
import dev.palisade.crds.ToolRole;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/**
 * The policy document (SPEC.md, "Policy"): the same fields, in the same shape, as a standalone policy
 * file read by {@code dev.palisade.policy.PolicyLoader}. Absent fields stay absent ({@code null}), so a
 * resource written back is the document that was read.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record McpPolicySpec(
    @JsonPropertyDescription("McpServers this policy applies to (by their labels); absent selects every server in the namespace")
    LabelSelector selector,
    @JsonPropertyDescription("enforce acts; monitor records what it would have done and changes nothing")
    PolicyMode mode,
    @JsonPropertyDescription("Action when no rule matches a finding (default allow)")
    PolicyAction defaultAction,
    @JsonPropertyDescription("Ordered rules; the strongest action of the matching rules wins")
    List<Rule> rules,
    @JsonPropertyDescription("Which agents may call which tools")
    List<ToolAccess> toolAccess,
    List<RateLimit> rateLimits,
    @JsonPropertyDescription("Multi-step chains (e.g. private data, then an external sink) acted on at the step that completes them")
    List<Sequence> sequences,
    @JsonPropertyDescription("Overrides of the roles the engine infers from tool names")
    List<ToolRoles> toolRoles) {

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Rule(@Required String name, Match match, @Required PolicyAction action) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Match(
      Direction direction,
      @JsonPropertyDescription("MCP methods (globs), e.g. tools/call")
      List<String> methods,
      @JsonPropertyDescription("Tool names (globs), e.g. db_*")
      List<String> tools,
      @JsonPropertyDescription("Authenticated principals (globs)")
      List<String> principals,
      @JsonPropertyDescription("Agent identities from clientInfo (globs)")
      List<String> agents,
      Schedule schedule,
      List<FindingCategory> categories,
      @JsonPropertyDescription("Finding types (globs), e.g. credit_card")
      List<String> types,
      Severity minSeverity,
      List<Argument> arguments) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Schedule(
      @JsonPropertyDescription("Days or ranges, e.g. mon-fri")
      List<String> days,
      @JsonPropertyDescription("Hour range, e.g. 09:00-17:30")
      @Pattern("^\\s*\\d{1,2}:\\d{2}\\s*-\\s*\\d{1,2}:\\d{2}\\s*$")
      String hours,
      @JsonPropertyDescription("IANA time zone, default UTC")
      String timeZone) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Argument(
      @JsonPropertyDescription("JSON pointer into the tool-call arguments, e.g. /path")
      @Required String pointer,
      String glob,
      @JsonPropertyDescription("re2j regular expression")
      String regex) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ToolAccess(List<String> principals, List<String> agents, List<String> allow, List<String> deny) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RateLimit(
      @Required String name,
      RateLimitScope per,
      List<String> principals,
      List<String> tools,
      List<String> methods,
      @Required @Min(1) Integer requests,
      @JsonPropertyDescription("Window, e.g. 1m, 30s or an ISO-8601 duration")
      String period,
      @Min(1) Integer burst) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Sequence(@Required String name, @Required List<Step> steps, Within within, PolicyAction action) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Step(
      Direction direction,
      List<String> methods,
      List<String> tools,
      List<ToolRole> roles,
      List<FindingCategory> categories,
      Carries carries) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Within(@Min(2) Integer calls, String duration) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ToolRoles(List<String> tools, List<ToolRole> roles) {}
}
