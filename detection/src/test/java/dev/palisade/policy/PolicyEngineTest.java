package dev.palisade.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.inspection.Action;
import dev.palisade.inspection.Category;
import dev.palisade.inspection.Decision;
import dev.palisade.inspection.Direction;
import dev.palisade.inspection.Evidence;
import dev.palisade.inspection.Exchange;
import dev.palisade.inspection.Finding;
import dev.palisade.inspection.Severity;
import dev.palisade.inspection.Verdict;
import dev.palisade.mcp.JsonRpcCodec;
import dev.palisade.mcp.JsonRpcMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyEngineTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z")); // a Tuesday
  private final ToolCatalog catalog = new ToolCatalog();
  private final PolicyEngine engine = new PolicyEngine(BuiltinPolicies.defaultPolicy(),
      server -> "payments".equals(server) ? Map.of("team", "payments") : Map.of(), catalog, new ArgumentValidator(),
      new RateLimiter(clock, 1000),
      new SessionTracker(new InMemorySessionStore(100, Duration.ofMinutes(30)), catalog, new ToolTaxonomy(), new DataFingerprints(7)));

  private void use(String yaml) {
    engine.replacePolicies(new PolicyLoader().parse("test.yaml", yaml));
  }

  private static JsonRpcMessage message(String json) throws Exception {
    return JsonRpcCodec.classify((ObjectNode) JSON.readTree(json));
  }

  private Exchange exchange(String server, Direction direction, String method, String tool, String principal) {
    return new Exchange(server, direction, method, tool, null, "session-1", principal, null, clock.instant(), "claude");
  }

  private static JsonRpcMessage call(String tool, String argumentsJson) throws Exception {
    return message("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
        + "\",\"arguments\":" + argumentsJson + "}}");
  }

  private static Finding finding(Category category, String type, Severity severity) {
    return Finding.ofMessage(category, type, severity, "test." + type, null, new Evidence("x", "hash-" + type));
  }

  private Verdict decideCall(String tool, String args, String principal, Finding... findings) throws Exception {
    return engine.decide(exchange("s", Direction.REQUEST, "tools/call", tool, principal), call(tool, args), List.of(findings));
  }

  @Test
  void theFirstMatchingRuleDecidesEachFindingAndTheDefaultActionTheRest() throws Exception {
    use("""
        name: p
        defaultAction: alert
        rules:
          - {name: allow-low-pii, match: {categories: [pii], minSeverity: low, types: [email]}, action: allow}
          - {name: block-pii, match: {categories: [pii]}, action: block}
          - {name: later, match: {categories: [pii]}, action: redact}
        """);
    Verdict verdict = decideCall("t", "{}", "a", finding(Category.PII, "email", Severity.LOW),
        finding(Category.PII, "credit_card", Severity.HIGH), finding(Category.SECRET, "jwt", Severity.HIGH));
    assertThat(verdict.decisions()).extracting(Decision::policyRule).containsExactly("allow-low-pii", "block-pii", "defaultAction");
    assertThat(verdict.decisions()).extracting(Decision::action).containsExactly(Action.ALLOW, Action.BLOCK, Action.ALERT);
  }

  @Test
  void theBuiltinDefaultBlocksACredentialFileInACallAndRecordsOneNamedInAnAnswer() throws Exception {
    Finding path = finding(Category.EXFILTRATION, "credential_file", Severity.HIGH);
    assertThat(decideCall("read_file", "{\"path\":\"~/.aws/credentials\"}", "a", path).action()).isEqualTo(Action.BLOCK);
    JsonRpcMessage answer = message("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"type\":\"text\","
        + "\"text\":\"Credentials are read from ~/.aws/credentials.\"}]}}");
    Verdict docs = engine.decide(exchange("s", Direction.RESPONSE, "tools/call", "search_docs", "a"), answer, List.of(path));
    assertThat(docs.decisions()).extracting(Decision::policyRule).containsExactly("report-credential-paths-in-answers");
    assertThat(docs.action()).isEqualTo(Action.ALERT);
    // a bulk-extraction finding in an answer is still blocked
    Verdict dump = engine.decide(exchange("s", Direction.RESPONSE, "tools/call", "search_docs", "a"), answer,
        List.of(finding(Category.EXFILTRATION, "markdown_image", Severity.HIGH)));
    assertThat(dump.action()).isEqualTo(Action.BLOCK);
  }

  @Test
  void messageRulesMatchTheContextAlone() throws Exception {
    use("""
        name: p
        rules:
          - name: no-deletes-for-interns
            match: {methods: [tools/call], tools: ["delete_*"], principals: ["intern-*"]}
            action: block
          - name: no-drop
            match: {arguments: [{pointer: /sql, regex: "(?i)\\\\bdrop\\\\s+table\\\\b"}]}
            action: block
        """);
    assertThat(decideCall("delete_user", "{}", "intern-7").action()).isEqualTo(Action.BLOCK);
    assertThat(decideCall("delete_user", "{}", "admin").action()).isEqualTo(Action.ALLOW);
    assertThat(decideCall("run_sql", "{\"sql\":\"DROP  TABLE users\"}", "admin").action()).isEqualTo(Action.BLOCK);
    assertThat(decideCall("run_sql", "{\"sql\":\"select 1\"}", "admin").action()).isEqualTo(Action.ALLOW);
  }

  @Test
  void monitorModeDecidesButDoesNotEnforce() throws Exception {
    use("""
        name: watch
        mode: monitor
        rules: [{name: block-secrets, match: {categories: [secret]}, action: block}]
        """);
    Verdict verdict = decideCall("t", "{}", "a", finding(Category.SECRET, "jwt", Severity.HIGH));
    assertThat(verdict.decisions()).singleElement().satisfies(d -> {
      assertThat(d.action()).isEqualTo(Action.BLOCK);
      assertThat(d.enforced()).isFalse();
    });
    assertThat(verdict.action()).isEqualTo(Action.ALERT);
    assertThat(engine.monitorOnly("s")).isTrue();
  }

  @Test
  void policiesApplyToTheServersTheySelectAndTheDefaultToTheRest() throws Exception {
    use("""
        name: payments-only
        selector: {matchLabels: {team: payments}}
        rules: [{name: block-pii, match: {categories: [pii]}, action: block}]
        """);
    assertThat(engine.applicable("payments")).extracting(McpPolicy::name).containsExactly("payments-only");
    assertThat(engine.applicable("weather")).extracting(McpPolicy::name).containsExactly("builtin-default");
    Finding pii = finding(Category.PII, "email", Severity.MEDIUM);
    assertThat(engine.decide(exchange("payments", Direction.REQUEST, "tools/call", "t", "a"), call("t", "{}"), List.of(pii))
        .action()).isEqualTo(Action.BLOCK);
    assertThat(engine.decide(exchange("weather", Direction.REQUEST, "tools/call", "t", "a"), call("t", "{}"), List.of(pii))
        .action()).isEqualTo(Action.ALERT);
  }

  @Test
  void acrossPoliciesTheStrongestActionWins() throws Exception {
    use("""
        name: lenient
        rules: [{name: ok, match: {categories: [secret]}, action: allow}]
        ---
        name: strict
        rules: [{name: redact, match: {categories: [secret]}, action: redact}]
        """);
    Verdict verdict = decideCall("t", "{}", "a", new Finding(Category.SECRET, "jwt", Severity.HIGH, "r", "/params/arguments/x", 0, 3,
        null, Evidence.NONE));
    assertThat(verdict.action()).isEqualTo(Action.REDACT);
  }

  @Test
  void schedulesAreEvaluatedInTheirTimeZoneAtTheirBoundaries() throws Exception {
    use("""
        name: office
        rules:
          - name: no-payments-after-hours
            match: {tools: [pay_*], schedule: {days: [mon-fri], hours: "09:00-17:00", timeZone: Europe/Berlin}}
            action: allow
          - {name: otherwise-block, match: {tools: [pay_*]}, action: block}
        """);
    clock.set(Instant.parse("2026-11-24T08:00:00Z")); // 09:00 in Berlin
    assertThat(decideCall("pay_invoice", "{}", "a").action()).isEqualTo(Action.ALLOW);
    clock.set(Instant.parse("2026-11-24T15:59:59Z"));
    assertThat(decideCall("pay_invoice", "{}", "a").action()).isEqualTo(Action.ALLOW);
    clock.set(Instant.parse("2026-11-24T16:00:00Z")); // 17:00 in Berlin: closed
    assertThat(decideCall("pay_invoice", "{}", "a").action()).isEqualTo(Action.BLOCK);
  }

  @Test
  void toolAccessWithholdsFromListingsAndBlocksCalls() throws Exception {
    use("""
        name: access
        toolAccess:
          - {principals: ["intern-*"], deny: ["delete_*"]}
          - {principals: ["reporting"], allow: ["get_*"]}
        """);
    JsonRpcMessage listing = message("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[{\"name\":\"get_report\"},"
        + "{\"name\":\"delete_user\"},{\"name\":\"send_email\"}]}}");
    Verdict intern = engine.decide(exchange("s", Direction.RESPONSE, "tools/list", null, "intern-1"), listing, List.of());
    assertThat(intern.decisions()).extracting(d -> d.finding().tool()).containsExactly("delete_user");
    assertThat(intern.decisions().get(0).finding().pointer()).isEqualTo("/result/tools/1");
    Verdict reporting = engine.decide(exchange("s", Direction.RESPONSE, "tools/list", null, "reporting"), listing, List.of());
    assertThat(reporting.decisions()).extracting(d -> d.finding().tool()).containsExactly("delete_user", "send_email");
    assertThat(decideCall("delete_user", "{}", "intern-1").action()).isEqualTo(Action.BLOCK);
    assertThat(decideCall("delete_user", "{}", "admin").action()).isEqualTo(Action.ALLOW);
    assertThat(decideCall("get_report", "{}", "reporting").action()).isEqualTo(Action.ALLOW);
  }

  @Test
  void rateLimitsRefillWithTimeAtTheirBoundary() throws Exception {
    use("""
        name: limits
        rateLimits:
          - {name: two-per-minute, per: agent-tool, requests: 2, period: 1m}
        """);
    assertThat(decideCall("search", "{}", "a").action()).isEqualTo(Action.ALLOW);
    assertThat(decideCall("search", "{}", "a").action()).isEqualTo(Action.ALLOW);
    Verdict third = decideCall("search", "{}", "a");
    assertThat(third.action()).isEqualTo(Action.BLOCK);
    assertThat(third.decisions().get(0).finding().category()).isEqualTo(Category.RATE);
    assertThat(decideCall("search", "{}", "b").action()).as("another agent has its own bucket").isEqualTo(Action.ALLOW);
    assertThat(decideCall("other", "{}", "a").action()).as("another tool too").isEqualTo(Action.ALLOW);
    clock.advance(Duration.ofSeconds(29));
    assertThat(decideCall("search", "{}", "a").action()).isEqualTo(Action.BLOCK);
    clock.advance(Duration.ofSeconds(1)); // 30 s refill one token at 2 per minute
    assertThat(decideCall("search", "{}", "a").action()).isEqualTo(Action.ALLOW);
    assertThat(decideCall("search", "{}", "a").action()).isEqualTo(Action.BLOCK);
  }

  @Test
  void callArgumentsAreValidatedAgainstTheListedInputSchema() throws Exception {
    engine.decide(exchange("s", Direction.RESPONSE, "tools/list", null, "a"), message("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":"
        + "{\"tools\":[{\"name\":\"get_weather\",\"inputSchema\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
        + "\"required\":[\"city\"],\"additionalProperties\":false}}]}}"), List.of());
    assertThat(decideCall("get_weather", "{\"city\":\"Oslo\"}", "a").action()).isEqualTo(Action.ALLOW);
    Verdict missing = decideCall("get_weather", "{\"town\":\"Oslo\"}", "a");
    assertThat(missing.action()).isEqualTo(Action.BLOCK);
    assertThat(missing.decisions().get(0).finding().category()).isEqualTo(Category.SCHEMA);
    assertThat(missing.decisions().get(0).finding().evidence().excerpt()).doesNotContain("Oslo");
    assertThat(decideCall("get_weather", "{\"city\":7}", "a").action()).isEqualTo(Action.BLOCK);
  }

  @Test
  void callsToAToolWithheldFromTheLatestListingAreRefused() throws Exception {
    JsonRpcMessage listing = message("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[{\"name\":\"add\"},{\"name\":\"ok\"}]}}");
    Finding poisoned = new Finding(Category.INJECTION, "secrecy", Severity.HIGH, "injection.x", "/result/tools/0/description",
        0, 5, "add", Evidence.NONE);
    Verdict listed = engine.decide(exchange("s", Direction.RESPONSE, "tools/list", null, "a"), listing, List.of(poisoned));
    assertThat(listed.decisions()).anySatisfy(d -> assertThat(d.effectiveAction()).isEqualTo(Action.BLOCK));
    Verdict call = decideCall("add", "{}", "a");
    assertThat(call.action()).isEqualTo(Action.BLOCK);
    assertThat(call.decisions().get(0).finding().type()).isEqualTo("call_to_withheld_tool");
    assertThat(decideCall("ok", "{}", "a").action()).isEqualTo(Action.ALLOW);

    engine.decide(exchange("s", Direction.RESPONSE, "tools/list", null, "a"), listing, List.of());
    assertThat(decideCall("add", "{}", "a").action()).as("a clean listing releases it").isEqualTo(Action.ALLOW);
  }
}
