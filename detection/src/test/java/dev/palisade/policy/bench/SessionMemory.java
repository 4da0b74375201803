package dev.palisade.policy.bench;

import dev.palisade.inspection.Direction;
import dev.palisade.inspection.Evidence;
import dev.palisade.inspection.Exchange;
import dev.palisade.inspection.Finding;
import dev.palisade.policy.PolicyEngine;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.mcp.JsonRpcCodec;
import dev.palisade.mcp.JsonRpcMessage;
import dev.palisade.policy.ArgumentValidator;
import dev.palisade.policy.BuiltinPolicies;
import dev.palisade.policy.DataFingerprints;
import dev.palisade.policy.InMemorySessionStore;
import dev.palisade.policy.RateLimiter;
import dev.palisade.policy.SessionTracker;
import dev.palisade.policy.ToolCatalog;
import dev.palisade.policy.ToolTaxonomy;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.time.Instant;
import java.util.List;

/**
 * Prints the heap an idle session costs: 10,000 sessions that each did a customer lookup (tainted,
 * with fingerprints) and a call, measured as the retained heap difference. A figure, not a test.
 */
public final class SessionMemory {
  public static void main(String[] args) throws Exception {
    ToolCatalog catalog = new ToolCatalog();
    InMemorySessionStore store = new InMemorySessionStore(20_000, Duration.ofHours(1));
    PolicyEngine engine = new PolicyEngine(BuiltinPolicies.defaultPolicy(), server -> Map.of(), catalog,
        new ArgumentValidator(), new RateLimiter(Clock.systemUTC(), 100_000),
        new SessionTracker(store, catalog, new ToolTaxonomy(), new DataFingerprints(1)));
    ObjectMapper json = new ObjectMapper();
    JsonRpcMessage call = JsonRpcCodec.classify((ObjectNode) json.readTree(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"query_customers\",\"arguments\":{\"q\":\"x\"}}}"));
    JsonRpcMessage answer = JsonRpcCodec.classify((ObjectNode) json.readTree("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":"
        + "{\"content\":[{\"type\":\"text\",\"text\":\"C-1042 ada@example.com +44-20-7946-0958 acct 4471-2290\"}]}}"));
    List<Finding> pii = List.of(Finding.ofMessage(dev.palisade.inspection.Category.PII, "email",
        dev.palisade.inspection.Severity.MEDIUM, "pii.email", null, new Evidence("a***", "0123456789abcdef")));
    long before = usedHeap();
    int sessions = 10_000;
    for (int i = 0; i < sessions; i++) {
      Exchange request = new Exchange("crm", Direction.REQUEST, "tools/call", "query_customers", null, "s-" + i, "a", null,
          Instant.now(), null);
      engine.decide(request, call, List.of());
      Exchange response = new Exchange("crm", Direction.RESPONSE, "tools/call", "query_customers", null, "s-" + i, "a",
          null, Instant.now(), null);
      engine.decide(response, answer, pii);
    }
    long after = usedHeap();
    System.out.printf("%d sessions held: %.1f MiB retained, %.0f bytes per idle session%n", store.size(),
        (after - before) / 1048576.0, (after - before) / (double) store.size());
    if (engine.policies().size() < 0) {
      System.out.println(); // keeps the engine reachable until after the measurement
    }
  }

  private static long usedHeap() throws InterruptedException {
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(50);
    }
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
