package dev.palisade.sidecar.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.inspection.Action;
import dev.palisade.inspection.Category;
import dev.palisade.inspection.Direction;
import dev.palisade.inspection.EvidenceFactory;
import dev.palisade.inspection.Exchange;
import dev.palisade.inspection.Finding;
import dev.palisade.inspection.Severity;
import dev.palisade.inspection.Verdict;
import dev.palisade.mcp.JsonRpcCodec;
import dev.palisade.policy.ArgumentValidator;
import dev.palisade.policy.BuiltinPolicies;
import dev.palisade.policy.DataFingerprints;
import dev.palisade.policy.InMemorySessionStore;
import dev.palisade.policy.PolicyEngine;
import dev.palisade.policy.RateLimiter;
import dev.palisade.policy.SessionTracker;
import dev.palisade.policy.ToolCatalog;
import dev.palisade.policy.ToolTaxonomy;
import dev.palisade.policy.shared.CrossServerSessions;
import dev.palisade.policy.shared.SharedSessionLimits;
import dev.palisade.policy.shared.SharedStep;
import dev.palisade.policy.shared.SharedStepJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The sidecar's copy of the namespace's sessions, and the merge into its sequence rules, without sockets. */
class SharedSessionReplicaTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AGENT = "system:serviceaccount:team-a:report-bot";
  private static final byte[] NAMESPACE_SALT = "the salt of namespace team-a, 32b".getBytes();
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);

  /** One sidecar's hashing and policy engine, sharing through {@code sessions}. */
  private final class Sidecar {
    final EvidenceFactory evidence = new EvidenceFactory(seed());
    final DataFingerprints fingerprints = new DataFingerprints(new java.security.SecureRandom().nextLong());
    final SharedSessionReplica replica = new SharedSessionReplica(SharedSessionReplica.Limits.DEFAULT);
    final String server;
    final PolicyEngine engine;

    Sidecar(String server) {
      this.server = server;
      ToolCatalog catalog = new ToolCatalog();
      this.engine = new PolicyEngine(BuiltinPolicies.defaultPolicy(), s -> Map.of(), catalog, new ArgumentValidator(),
          new RateLimiter(clock, 100), new SessionTracker(new InMemorySessionStore(100, Duration.ofMinutes(30)), catalog,
          new ToolTaxonomy(), fingerprints, replica));
      new NamespaceSalt(evidence, fingerprints, replica).accept(NAMESPACE_SALT);
    }

    Verdict decide(Direction direction, String tool, String json, String... emails) throws Exception {
      List<Finding> findings = new ArrayList<>();
      for (String email : emails) {
        findings.add(new Finding(Category.PII, "email", Severity.MEDIUM, "pii.email", "/x", 0, 1, null,
            evidence.of(Category.PII, email)));
      }
      return engine.decide(new Exchange(server, direction, "tools/call", tool, null, "mcp-session:" + server, AGENT,
          null, clock.instant(), null), JsonRpcCodec.classify((ObjectNode) JSON.readTree(json)), findings);
    }

    /** What the operator would hand the other sidecars: this sidecar's queued steps, through the wire form. */
    List<SharedStep> sharedThroughTheOperator() throws Exception {
      List<SharedStep> steps = new ArrayList<>();
      for (SharedStep step : replica.drain(100)) {
        steps.add(SharedStepJson.read(JSON.readTree(SharedStepJson.write(step.at(server)).toString()), "step"));
      }
      return steps;
    }
  }

  private static byte[] seed() {
    byte[] seed = new byte[32];
    new java.security.SecureRandom().nextBytes(seed);
    return seed;
  }

  private static SharedStep step(String principal, long... prints) {
    return new SharedStep(principal, "crm", T0, Direction.RESPONSE, "tools/call",
        "query_customers", Set.of(), Set.of(Category.PII), Set.of(Category.PII), new long[0], prints);
  }

  @Test
  void stepsReadOnOneSidecarBlockTheChainOnAnotherOnceMerged() throws Exception {
    Sidecar crm = new Sidecar("crm");
    Sidecar mailer = new Sidecar("mailer");
    crm.decide(Direction.REQUEST, "query_customers",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"query_customers\",\"arguments\":{}}}");
    crm.decide(Direction.RESPONSE, "query_customers",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"C-1042 ada.lovelace@example.com\"}]}}",
        "ada.lovelace@example.com");
    String send = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"send_email\","
        + "\"arguments\":{\"body\":\"ada.lovelace@example.com\"}}}";
    assertThat(mailer.decide(Direction.REQUEST, "send_email", send, "ada.lovelace@example.com").action())
        .as("before the steps arrived: reported PII only").isEqualTo(Action.ALERT);

    mailer.replica.apply(crm.sharedThroughTheOperator(), T0);
    Verdict verdict = mailer.decide(Direction.REQUEST, "send_email", send, "ada.lovelace@example.com");
    assertThat(verdict.action()).isEqualTo(Action.BLOCK);
    assertThat(verdict.decisions()).anySatisfy(d -> assertThat(d.finding().evidence().excerpt())
        .endsWith("crm/query_customers -> send_email"));
    assertThat(mailer.replica.received()).isEqualTo(2);
  }

  @Test
  void nothingIsSharedBeforeTheNamespaceSaltAndAFullOutboxDropsAndCounts() {
    SharedSessionReplica replica = new SharedSessionReplica(
        new SharedSessionReplica.Limits(4, SharedSessionLimits.DEFAULT, Duration.ofMinutes(30), 2));
    AtomicInteger told = new AtomicInteger();
    replica.onShare(told::incrementAndGet);
    replica.share(step(AGENT));
    assertThat(replica.droppedUnsalted()).isEqualTo(1);
    assertThat(replica.outboxEmpty()).isTrue();

    replica.salted();
    for (int i = 0; i < 5; i++) {
      replica.share(step(AGENT));
    }
    assertThat(told).hasValue(2);
    assertThat(replica.droppedFull()).isEqualTo(3);
    assertThat(replica.drain(10)).hasSize(2);
  }

  @Test
  void theCopyIsBoundedAndForgetsIdleAgents() {
    SharedSessionReplica replica = new SharedSessionReplica(
        new SharedSessionReplica.Limits(2, SharedSessionLimits.DEFAULT, Duration.ofMinutes(30), 8));
    replica.apply(List.of(step("a", 1)), T0);
    replica.apply(List.of(step("b", 2), step("c", 3)), T0.plusSeconds(1));
    assertThat(replica.principals()).isEqualTo(2);
    assertThat(replica.of("a", T0.plusSeconds(2)).isEmpty()).as("least recently updated made room").isTrue();
    assertThat(replica.of("c", T0.plusSeconds(2)).carries(Set.of(), Set.of(3L))).isTrue();

    Instant later = T0.plus(Duration.ofMinutes(31)).plusSeconds(2);
    assertThat(replica.of("c", later).isEmpty()).as("idle").isTrue();
    replica.apply(List.of(step("d", 4)), later);
    assertThat(replica.principals()).isEqualTo(1);
  }

  @Test
  void theNamespaceSaltMakesTwoSidecarsHashAlikeAndIsAppliedOnce() {
    Sidecar one = new Sidecar("crm");
    Sidecar two = new Sidecar("mailer");
    assertThat(one.evidence.hash("4111 1111 1111 1111")).isEqualTo(two.evidence.hash("4111 1111 1111 1111"));
    assertThat(one.fingerprints.of("id C-104277", 8)).isEqualTo(two.fingerprints.of("id C-104277", 8));
    String before = one.evidence.hash("x");
    new NamespaceSalt(one.evidence, one.fingerprints, one.replica).accept("another namespace's salt, 32 b".getBytes());
    assertThat(one.evidence.hash("x")).isNotEqualTo(before);
    assertThat(CrossServerSessions.NONE.of(AGENT, T0).isEmpty()).isTrue();
  }
}
