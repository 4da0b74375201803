package dev.palisade.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.inspection.Action;
import dev.palisade.inspection.Category;
import dev.palisade.inspection.Direction;
import dev.palisade.inspection.Evidence;
import dev.palisade.inspection.Exchange;
import dev.palisade.inspection.Finding;
import dev.palisade.inspection.Severity;
import dev.palisade.inspection.Verdict;
import dev.palisade.mcp.JsonRpcCodec;
import dev.palisade.mcp.JsonRpcMessage;
import dev.palisade.policy.shared.CrossServerSessions;
import dev.palisade.policy.shared.RemoteSession;
import dev.palisade.policy.shared.SharedSessionLimits;
import dev.palisade.policy.shared.SharedSessionLog;
import dev.palisade.policy.shared.SharedStep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Chains across two MCP servers, each with its own engine (one sidecar each), joined by an in-memory
 * stand-in for the operator's store: what one engine shares, the other reads for the same principal.
 */
class CrossServerSequenceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CUSTOMERS = "Ada Lovelace ada.lovelace@example.com acct 4471-2290";
  private static final String AGENT = "system:serviceaccount:team-a:report-bot";
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
  private final Namespace namespace = new Namespace();
  private final PolicyEngine crm = engine("crm");
  private final PolicyEngine mailer = engine("mailer");

  /** The operator's store as two sidecars see it: every step shared, each reads the others' steps. */
  private static final class Namespace {
    final Map<String, SharedSessionLog> sessions = new HashMap<>();
    final List<SharedStep> shared = new ArrayList<>();
    long revision;

    CrossServerSessions sidecar(String server) {
      return new CrossServerSessions() {
        @Override
        public RemoteSession of(String principal, Instant now) {
          SharedSessionLog log = sessions.get(principal);
          if (log == null) {
            return RemoteSession.EMPTY;
          }
          List<SharedSessionLog.Entry> others = new ArrayList<>();
          log.entriesAfter(0, server, others);
          SharedSessionLog view = new SharedSessionLog(SharedSessionLimits.DEFAULT);
          others.forEach(view::append);
          return view.snapshot();
        }

        @Override
        public void share(SharedStep step) {
          shared.add(step);
          sessions.computeIfAbsent(step.principal(), p -> new SharedSessionLog(SharedSessionLimits.DEFAULT))
              .append(new SharedSessionLog.Entry(++revision, server, step.at(server)));
        }
      };
    }
  }

  private PolicyEngine engine(String server) {
    ToolCatalog catalog = new ToolCatalog();
    // one salt for the namespace: both sidecars fingerprint the same word the same way
    return new PolicyEngine(BuiltinPolicies.defaultPolicy(), s -> Map.of(), catalog, new ArgumentValidator(),
        new RateLimiter(clock, 100), new SessionTracker(new InMemorySessionStore(100, Duration.ofMinutes(30)), catalog,
        new ToolTaxonomy(), new DataFingerprints(42), namespace.sidecar(server)));
  }

  private Verdict call(PolicyEngine engine, String principal, String tool, String arguments, Finding... findings)
      throws Exception {
    // each server has its own transport session id: only the principal joins them
    Exchange exchange = new Exchange(engine == crm ? "crm" : "mailer", Direction.REQUEST, "tools/call", tool, null,
        "mcp-session:" + engine.hashCode(), principal, null, clock.instant(), null);
    return engine.decide(exchange, message("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\""
        + tool + "\",\"arguments\":" + arguments + "}}"), List.of(findings));
  }

  private Verdict answer(PolicyEngine engine, String principal, String tool, String text, Finding... findings)
      throws Exception {
    Exchange exchange = new Exchange(engine == crm ? "crm" : "mailer", Direction.RESPONSE, "tools/call", tool, null,
        "mcp-session:" + engine.hashCode(), principal, null, clock.instant(), null);
    return engine.decide(exchange, message("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\""
        + text + "\"}]}}"), List.of(findings));
  }

  private static JsonRpcMessage message(String json) throws Exception {
    return JsonRpcCodec.classify((ObjectNode) JSON.readTree(json));
  }

  private static Finding email(String value) {
    return new Finding(Category.PII, "email", Severity.MEDIUM, "pii.email", "/x", 0, 1, null,
        new Evidence("a***", Integer.toHexString(value.hashCode()) + "0000000000000000000000000"));
  }

  private void readCustomersAtCrm(String principal) throws Exception {
    call(crm, principal, "query_customers", "{\"filter\":\"vip\"}");
    answer(crm, principal, "query_customers", CUSTOMERS, email("ada.lovelace@example.com"));
  }

  @Test
  void privateDataReadOnOneServerIsBlockedWhenItLeavesThroughAnother() throws Exception {
    readCustomersAtCrm(AGENT);
    assertThat(call(mailer, AGENT, "send_email", "{\"to\":\"team@example.com\",\"body\":\"standup at 10\"}").action())
        .as("mail without the data").isEqualTo(Action.ALLOW);
    Verdict send = call(mailer, AGENT, "send_email", "{\"to\":\"x@competitor.example\",\"body\":\"acct 4471-2290\"}");
    assertThat(send.action()).isEqualTo(Action.BLOCK);
    assertThat(send.decisions()).anySatisfy(d -> assertThat(d.finding().evidence().excerpt())
        .isEqualTo("chain private-data-to-external-sink: crm/query_customers -> send_email"));
  }

  @Test
  void aMatchedValueIsRecognisedByItsSaltedHashAlone() throws Exception {
    readCustomersAtCrm(AGENT);
    // a body whose words were never fingerprinted: only the detector's value hash joins it to the answer
    assertThat(call(mailer, AGENT, "send_email", "{\"body\":\"-\"}", email("ada.lovelace@example.com")).action())
        .isEqualTo(Action.BLOCK);
  }

  @Test
  void anotherAgentSendingTheSameDataIsNotJoinedToTheFirst() throws Exception {
    readCustomersAtCrm(AGENT);
    assertThat(call(mailer, "system:serviceaccount:team-a:intern-bot", "send_email", "{\"body\":\"acct 4471-2290\"}",
        email("ada.lovelace@example.com")).action()).as("reported as PII, not a chain").isEqualTo(Action.ALERT);
  }

  @Test
  void anonymousCallersShareNothing() throws Exception {
    readCustomersAtCrm(Exchange.ANONYMOUS);
    assertThat(namespace.shared).isEmpty();
    assertThat(call(mailer, Exchange.ANONYMOUS, "send_email", "{\"body\":\"acct 4471-2290\"}").action())
        .isEqualTo(Action.ALLOW);
  }

  @Test
  void onlyTaintingAnswersShareTaintAndNeverAsValues() throws Exception {
    readCustomersAtCrm(AGENT);
    call(crm, AGENT, "get_weather", "{\"city\":\"Berlin 10115\"}");
    answer(crm, AGENT, "get_weather", "Berlin 10115: 14C");
    assertThat(namespace.shared).extracting(SharedStep::tool)
        .containsExactly("query_customers", "query_customers", "get_weather", "get_weather");
    SharedStep tainting = namespace.shared.get(1);
    assertThat(tainting.taint()).containsExactly(Category.PII);
    assertThat(tainting.prints()).hasSizeGreaterThanOrEqualTo(2); // the address and the account number
    assertThat(tainting.valueHashes()).hasSize(1);
    assertThat(namespace.shared.get(0).prints()).as("requests taint nothing").isEmpty();
    assertThat(namespace.shared.get(3).prints()).as("an answer that is not private").isEmpty();
  }

  @Test
  void theWindowCountsCallsOnEveryServerAndTime() throws Exception {
    readCustomersAtCrm(AGENT);
    clock.advance(Duration.ofMinutes(31)); // past the default sequences' 30 minutes
    assertThat(call(mailer, AGENT, "send_email", "{\"body\":\"acct 4471-2290\"}").action()).isEqualTo(Action.ALLOW);

    PolicyEngine strict = engine("mailer");
    strict.replacePolicies(new PolicyLoader().parse("test", """
        apiVersion: palisade.dev/v1alpha1
        kind: McpPolicy
        metadata: {name: strict}
        spec:
          sequences:
            - name: within-three-calls
              within: {calls: 3, duration: 10m}
              steps:
                - {direction: response, tools: [query_customers]}
                - {direction: request, tools: ["send_*"], carries: tainted}
              action: block
        """));
    readCustomersAtCrm(AGENT);
    call(crm, AGENT, "get_weather", "{\"city\":\"Berlin\"}");
    assertThat(call(strict, AGENT, "send_email", "{\"body\":\"acct 4471-2290\"}").action())
        .as("two calls after the answer").isEqualTo(Action.BLOCK);
    call(crm, AGENT, "get_weather", "{\"city\":\"Lisbon\"}");
    assertThat(call(strict, AGENT, "send_email", "{\"body\":\"acct 4471-2290\"}").action())
        .as("four calls after the answer: the mail itself and the weather calls on the other server count")
        .isEqualTo(Action.ALLOW);
  }
}
