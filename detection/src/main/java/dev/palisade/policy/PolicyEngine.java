package dev.palisade.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.palisade.inspection.Action;
import dev.palisade.inspection.Category;
import dev.palisade.inspection.Decision;
import dev.palisade.inspection.Direction;
import dev.palisade.inspection.Evidence;
import dev.palisade.inspection.Exchange;
import dev.palisade.inspection.Finding;
import dev.palisade.inspection.Policy;
import dev.palisade.inspection.Severity;
import dev.palisade.inspection.Verdict;
import dev.palisade.mcp.JsonRpcMessage;
import dev.palisade.mcp.McpMethods;
import dev.palisade.mcp.ToolListing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Decides what happens to each message under the policies that select its server (the built-in
 * default when none does): tool access, rate limits, argument validation, the ordered rules, and
 * sequence rules over the session. Policies can be replaced at any time; a message is decided under
 * one consistent set.
 *
 * <p>Within a policy the first matching rule wins (rules about findings per finding, rules about
 * messages per message); across policies every decision stands and the strongest action wins.
 */
public final class PolicyEngine implements Policy {
  private static final String ACCESS_DENIED = "tool_denied";
  private final McpPolicy builtinDefault;
  private final Function<String, Map<String, String>> serverLabels;
  private final ToolCatalog catalog;
  private final ArgumentValidator validator;
  private final RateLimiter rateLimiter;
  private final SessionTracker sessions;
  private volatile List<McpPolicy> policies = List.of();

  public PolicyEngine(McpPolicy builtinDefault, Function<String, Map<String, String>> serverLabels, ToolCatalog catalog,
      ArgumentValidator validator, RateLimiter rateLimiter, SessionTracker sessions) {
    this.builtinDefault = builtinDefault;
    this.serverLabels = serverLabels;
    this.catalog = catalog;
    this.validator = validator;
    this.rateLimiter = rateLimiter;
    this.sessions = sessions;
  }

  /** An engine with in-process sessions and only the built-in default policy (for tools and tests). */
  public static PolicyEngine withBuiltinDefault(java.time.Clock clock) {
    ToolCatalog catalog = new ToolCatalog();
    return new PolicyEngine(BuiltinPolicies.defaultPolicy(), server -> Map.of(), catalog, new ArgumentValidator(),
        new RateLimiter(clock, 10_000), new SessionTracker(new InMemorySessionStore(1_000, java.time.Duration.ofMinutes(30)),
            catalog, new ToolTaxonomy(), new DataFingerprints(new java.security.SecureRandom().nextLong())));
  }

  /** Replaces every policy at once (a reload). */
  public void replacePolicies(List<McpPolicy> newPolicies) {
    this.policies = List.copyOf(newPolicies);
  }

  public List<McpPolicy> policies() {
    return policies;
  }

  /** The policies that apply to a server: those whose selector matches it, else the built-in default. */
  public List<McpPolicy> applicable(String server) {
    Map<String, String> labels = serverLabels.apply(server);
    List<McpPolicy> selected = new ArrayList<>();
    for (McpPolicy policy : policies) {
      if (policy.selector().matches(labels)) {
        selected.add(policy);
      }
    }
    return selected.isEmpty() ? List.of(builtinDefault) : selected;
  }

  /** Whether every policy of the server only monitors: then nothing may change on the wire. */
  public boolean monitorOnly(String server) {
    return applicable(server).stream().noneMatch(McpPolicy::enforced);
  }

  @Override
  public Verdict decide(Exchange exchange, JsonRpcMessage message, List<Finding> detected) {
    List<McpPolicy> selected = applicable(exchange.server());
    ArrayNode listing = exchange.direction() == Direction.RESPONSE ? ToolListing.tools(exchange.method(), message) : null;
    if (listing != null) {
      catalog.update(exchange.server(), listing);
    }
    List<Finding> findings = new ArrayList<>(detected);
    JsonRpcMessage.Request call = toolCall(exchange, message);
    if (call != null) {
      findings.addAll(argumentFindings(exchange, call));
    }
    List<Decision> decisions = new ArrayList<>();
    for (McpPolicy policy : selected) {
      toolAccess(policy, exchange, listing, call, decisions);
      rateLimits(policy, exchange, message, decisions);
      rules(policy, exchange, message, findings, decisions);
    }
    decisions.addAll(sessions.record(selected, exchange, message, findings));
    if (listing != null) {
      catalog.recordWithheld(exchange.server(), listing, withheldTools(listing, decisions));
    }
    if (call != null) {
      Decision withheld = catalog.withheld(exchange.server(), exchange.target());
      if (withheld != null) {
        Finding finding = Finding.ofMessage(withheld.finding().category(), "call_to_withheld_tool", Severity.HIGH,
            "policy.withheld-tool", exchange.target(), new Evidence("the tool was withheld from the listing: "
                + withheld.finding().category().wireName() + "/" + withheld.finding().type(), ""));
        decisions.add(new Decision(finding, Action.BLOCK, withheld.policy(), withheld.policyRule(), withheld.enforced()));
      }
    }
    return new Verdict(decisions);
  }

  /**
   * The tools of a listing that an enforced decision about their definition withholds, by name.
   * Access rules are left out: they depend on who asks, and calls are checked against them anyway.
   */
  private static Map<String, Decision> withheldTools(ArrayNode listing, List<Decision> decisions) {
    Map<String, Decision> withheld = new java.util.HashMap<>();
    for (Decision decision : decisions) {
      if (ACCESS_DENIED.equals(decision.finding().type())) {
        continue;
      }
      int index = ToolListing.toolIndex(decision.finding().pointer());
      if (decision.effectiveAction() == Action.BLOCK && index >= 0 && index < listing.size()) {
        withheld.putIfAbsent(listing.get(index).path("name").asText(""), decision);
      }
    }
    return withheld;
  }

  private static JsonRpcMessage.Request toolCall(Exchange exchange, JsonRpcMessage message) {
    return exchange.direction() == Direction.REQUEST && message instanceof JsonRpcMessage.Request request
        && McpMethods.TOOLS_CALL.equals(request.method()) ? request : null;
  }

  private List<Finding> argumentFindings(Exchange exchange, JsonRpcMessage.Request call) {
    JsonNode definition = catalog.definition(exchange.server(), exchange.target());
    if (definition == null) {
      return List.of();
    }
    List<String> violations = validator.violations(definition.get("inputSchema"), call.params().get("arguments"));
    if (violations.isEmpty()) {
      return List.of();
    }
    return List.of(Finding.ofMessage(Category.SCHEMA, "invalid_arguments", Severity.MEDIUM, "schema.input-schema",
        exchange.target(), new Evidence(String.join("; ", violations), "")));
  }

  private static void toolAccess(McpPolicy policy, Exchange exchange, ArrayNode listing, JsonRpcMessage.Request call,
      List<Decision> decisions) {
    if (policy.toolAccess().isEmpty()) {
      return;
    }
    List<ToolAccessRule> rules = new ArrayList<>(policy.toolAccess().size());
    for (ToolAccessRule rule : policy.toolAccess()) {
      if (rule.selects(exchange.principal(), exchange.agent())) {
        rules.add(rule);
      }
    }
    if (rules.isEmpty()) {
      return;
    }
    if (listing != null) {
      for (int i = 0; i < listing.size(); i++) {
        String tool = listing.get(i).path("name").asText("");
        if (!permitted(rules, tool)) {
          decisions.add(denied(policy, tool, ToolListing.toolPointer(i)));
        }
      }
    }
    if (call != null && !permitted(rules, exchange.target())) {
      decisions.add(denied(policy, exchange.target(), ""));
    }
  }

  private static boolean permitted(List<ToolAccessRule> rules, String tool) {
    for (ToolAccessRule rule : rules) {
      if (!rule.permits(tool)) {
        return false;
      }
    }
    return true;
  }

  private static Decision denied(McpPolicy policy, String tool, String pointer) {
    Finding finding = new Finding(Category.INTEGRITY, ACCESS_DENIED, Severity.MEDIUM, "policy.tool-access", pointer, 0, 0,
        tool, new Evidence("tool " + tool + " is not allowed for this agent", ""));
    return new Decision(finding, Action.BLOCK, policy.name(), "toolAccess", policy.enforced());
  }

  private void rateLimits(McpPolicy policy, Exchange exchange, JsonRpcMessage message, List<Decision> decisions) {
    if (exchange.direction() != Direction.REQUEST || !(message instanceof JsonRpcMessage.Request)) {
      return;
    }
    for (RateLimit limit : policy.rateLimits()) {
      if (!limit.methods().matches(exchange.method()) || !limit.principals().matches(exchange.principal())
          || !limit.tools().matches(exchange.target())) {
        continue;
      }
      String key = switch (limit.scope()) {
        case AGENT -> exchange.principal();
        case TOOL -> String.valueOf(exchange.target());
        case AGENT_TOOL -> exchange.principal() + '\u0000' + exchange.target();
      };
      if (!rateLimiter.tryAcquire(limit, policy.name() + '\u0000' + key)) {
        Finding finding = Finding.ofMessage(Category.RATE, "rate_limited", Severity.MEDIUM, "policy.rate-limit",
            exchange.target(), new Evidence(RateLimitEvidence.describe(limit, rateLimiter.retryAfterSeconds(limit)), ""));
        decisions.add(new Decision(finding, Action.BLOCK, policy.name(), limit.name(), policy.enforced()));
      }
    }
  }

  private static void rules(McpPolicy policy, Exchange exchange, JsonRpcMessage message, List<Finding> findings,
      List<Decision> decisions) {
    for (Finding finding : findings) {
      PolicyRule rule = null;
      for (PolicyRule candidate : policy.rules()) {
        FindingCriteria criteria = candidate.match().findings();
        if (!criteria.isEmpty() && criteria.matches(finding) && candidate.match().matchesContext(exchange, message)) {
          rule = candidate;
          break;
        }
      }
      Action action = rule == null ? policy.defaultAction() : rule.action();
      decisions.add(new Decision(finding, action, policy.name(), rule == null ? "defaultAction" : rule.name(), policy.enforced()));
    }
    for (PolicyRule rule : policy.rules()) {
      if (rule.match().findings().isEmpty() && rule.match().matchesContext(exchange, message)) {
        if (rule.action() != Action.ALLOW) {
          Finding finding = Finding.ofMessage(Category.INTEGRITY, "policy_rule", Severity.MEDIUM, "policy.rule",
              exchange.target(), new Evidence("rule " + rule.name() + " of policy " + policy.name(), ""));
          decisions.add(new Decision(finding, rule.action(), policy.name(), rule.name(), policy.enforced()));
        }
        return;
      }
    }
  }
}
