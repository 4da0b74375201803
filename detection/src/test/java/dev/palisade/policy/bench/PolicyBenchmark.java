package dev.palisade.policy.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.inspection.Category;
import dev.palisade.inspection.Direction;
import dev.palisade.inspection.Evidence;
import dev.palisade.inspection.Exchange;
import dev.palisade.inspection.Finding;
import dev.palisade.inspection.Severity;
import dev.palisade.inspection.Verdict;
import dev.palisade.mcp.JsonRpcCodec;
import dev.palisade.mcp.JsonRpcMessage;
import dev.palisade.policy.ArgumentValidator;
import dev.palisade.policy.BuiltinPolicies;
import dev.palisade.policy.DataFingerprints;
import dev.palisade.policy.InMemorySessionStore;
import dev.palisade.policy.PolicyEngine;
import dev.palisade.policy.PolicyLoader;
import dev.palisade.policy.RateLimiter;
import dev.palisade.policy.SessionTracker;
import dev.palisade.policy.ToolCatalog;
import dev.palisade.policy.ToolTaxonomy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Policy evaluation and session bookkeeping per message, with 50 rules (plus access lists, rate
 * limits and sequences) and 10,000 live sessions. Run as described in docs/policy.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class PolicyBenchmark {
  static final int SESSIONS = 10_000;
  private PolicyEngine engine;
  private JsonRpcMessage call;
  private JsonRpcMessage answer;
  private List<Finding> findings;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Clock clock = Clock.systemUTC();
    ToolCatalog catalog = new ToolCatalog();
    engine = new PolicyEngine(BuiltinPolicies.defaultPolicy(), server -> Map.of(), catalog, new ArgumentValidator(),
        new RateLimiter(clock, 100_000), new SessionTracker(new InMemorySessionStore(20_000, Duration.ofHours(1)), catalog,
            new ToolTaxonomy(), new DataFingerprints(1)));
    engine.replacePolicies(new PolicyLoader().parse("bench.yaml", fiftyRules()));
    ObjectMapper json = new ObjectMapper();
    call = JsonRpcCodec.classify((ObjectNode) json.readTree("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\","
        + "\"params\":{\"name\":\"send_email\",\"arguments\":{\"to\":\"a@example.com\",\"body\":\"order 4471-2290 shipped\"}}}"));
    answer = JsonRpcCodec.classify((ObjectNode) json.readTree("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":"
        + "[{\"type\":\"text\",\"text\":\"customer ada@example.com account 4471-2290\"}]}}"));
    findings = List.of(
        new Finding(Category.PII, "email", Severity.MEDIUM, "pii.email", "/params/arguments/to", 0, 13, null,
            new Evidence("a***", "h1")),
        new Finding(Category.SECRET, "generic", Severity.LOW, "secret.x", "/params/arguments/body", 0, 5, null,
            new Evidence("o***", "h2")));
    for (int i = 0; i < SESSIONS; i++) { // 10k live sessions, each with a call and its answer
      engine.decide(exchange("session-" + i, Direction.REQUEST, "query_customers"), call, List.of());
      engine.decide(exchange("session-" + i, Direction.RESPONSE, "query_customers"), answer, findings);
    }
  }

  private static Exchange exchange(String session, Direction direction, String tool) {
    return new Exchange("crm", direction, "tools/call", tool, null, session, "agent-1", "2025-11-25", Instant.now(), "claude");
  }

  @Benchmark
  public Verdict requestWithTwoFindings() {
    next = (next + 1) % SESSIONS;
    return engine.decide(exchange("session-" + next, Direction.REQUEST, "send_email"), call, findings);
  }

  @Benchmark
  public Verdict answerWithoutFindings() {
    next = (next + 1) % SESSIONS;
    return engine.decide(exchange("session-" + next, Direction.RESPONSE, "get_weather"), answer, List.of());
  }

  /** 50 rules that a real policy could hold; most do not match, as in practice. */
  static String fiftyRules() {
    StringBuilder yaml = new StringBuilder("name: fifty\nrules:\n");
    for (int i = 0; i < 45; i++) {
      yaml.append("  - {name: r").append(i).append(", match: {tools: [\"tool_").append(i).append("_*\"], categories: [pii], ")
          .append("principals: [\"agent-*\"]}, action: alert}\n");
    }
    yaml.append("""
          - {name: office, match: {tools: [pay_*], schedule: {days: [mon-fri], hours: "09:00-17:00", timeZone: Europe/Berlin}}, action: allow}
          - {name: drop, match: {arguments: [{pointer: /sql, regex: "(?i)drop\\\\s+table"}]}, action: block}
          - {name: secrets, match: {categories: [secret]}, action: redact}
          - {name: pii, match: {categories: [pii]}, action: alert}
          - {name: injection, match: {direction: response, categories: [injection]}, action: block}
        toolAccess:
          - {principals: ["intern-*"], deny: ["delete_*"]}
        rateLimits:
          - {name: per-agent, per: agent, requests: 1000000, period: 1s}
        sequences:
          - name: pii-out
            within: {calls: 20, duration: 10m}
            steps:
              - {direction: response, categories: [pii]}
              - {direction: request, roles: [external-sink], carries: tainted}
            action: block
        """);
    return yaml.toString();
  }
}
