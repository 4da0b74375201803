package dev.palisade.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.inspection.Category;
import dev.palisade.inspection.Decision;
import dev.palisade.inspection.Direction;
import dev.palisade.inspection.Evidence;
import dev.palisade.inspection.Exchange;
import dev.palisade.inspection.Finding;
import dev.palisade.inspection.Severity;
import dev.palisade.mcp.JsonRpcMessage;
import dev.palisade.policy.shared.CrossServerSessions;
import dev.palisade.policy.shared.RemoteSession;
import dev.palisade.policy.shared.SharedStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Follows each session through its calls: records every call step, taints the session when private
 * data comes back (categories, salted hashes of matched values, fingerprints of the words of answers
 * from private-data tools), and reports sequence rules completed by the current message.
 *
 * <p>For an authenticated agent, sequence rules also see what the same agent did behind the other
 * sidecars of its namespace ({@link CrossServerSessions}), and every step here is shared with them:
 * a chain may start on one MCP server and complete on another. Anonymous callers share nothing (they
 * are not one agent).
 */
public final class SessionTracker {
  private static final Set<String> STEP_METHODS = Set.of("tools/call", "resources/read", "prompts/get");
  private static final int MAX_PRINTS_PER_MESSAGE = 512;
  private static final int MAX_TEXT_CHARS = 256 * 1024;

  private final SessionStore store;
  private final ToolCatalog catalog;
  private final ToolTaxonomy taxonomy;
  private final DataFingerprints fingerprints;
  private final CrossServerSessions shared;

  /** Local sessions only. */
  public SessionTracker(SessionStore store, ToolCatalog catalog, ToolTaxonomy taxonomy, DataFingerprints fingerprints) {
    this(store, catalog, taxonomy, fingerprints, CrossServerSessions.NONE);
  }

  public SessionTracker(SessionStore store, ToolCatalog catalog, ToolTaxonomy taxonomy, DataFingerprints fingerprints,
      CrossServerSessions shared) {
    this.store = store;
    this.catalog = catalog;
    this.taxonomy = taxonomy;
    this.fingerprints = fingerprints;
    this.shared = shared;
  }

  /** Whether a principal names one agent, so its steps may be joined across servers. */
  static boolean shareable(String principal) {
    return !principal.isEmpty() && !Exchange.ANONYMOUS.equals(principal);
  }

  /** The session key: the transport's, else the principal and client within the store's idle window. */
  static String key(Exchange exchange) {
    if (!exchange.sessionKey().isEmpty()) {
      return exchange.sessionKey();
    }
    return "principal:" + exchange.principal() + "|" + (exchange.agent() == null ? "" : exchange.agent());
  }

  /** Records the message in its session and returns the decisions of sequence rules it completes. */
  List<Decision> record(List<McpPolicy> policies, Exchange exchange, JsonRpcMessage message, List<Finding> findings) {
    if (exchange.method() == null || !STEP_METHODS.contains(exchange.method())
        || message instanceof JsonRpcMessage.Notification) {
      return List.of();
    }
    Set<ToolRole> roles = roles(policies, exchange);
    Set<Category> categories = EnumSet.noneOf(Category.class);
    Set<String> valueHashes = new HashSet<>();
    for (Finding finding : findings) {
      categories.add(finding.category());
      if (finding.category().sensitive() && !finding.evidence().hash().isEmpty()) {
        valueHashes.add(finding.evidence().hash());
      }
    }
    boolean request = exchange.direction() == Direction.REQUEST;
    JsonNode payload = request ? message.json().path("params").path("arguments") : message.json().path("result");
    boolean privateAnswer = !request && (roles.contains(ToolRole.PRIVATE_DATA) || !valueHashes.isEmpty());
    Set<Long> prints = request || privateAnswer ? fingerprints.of(text(payload), MAX_PRINTS_PER_MESSAGE) : Set.of();
    boolean carriesData = request && payload.isObject() && !payload.isEmpty();
    Set<Category> taint = EnumSet.noneOf(Category.class);
    for (Category category : categories) {
      if (privateAnswer && category.sensitive()) {
        taint.add(category);
      }
    }
    boolean joined = shared != CrossServerSessions.NONE && shareable(exchange.principal());
    RemoteSession elsewhere = joined ? shared.of(exchange.principal(), exchange.time()) : RemoteSession.EMPTY;
    List<Decision> decisions = store.update(key(exchange), exchange.time(), state -> {
      boolean carriesTaint = request && (state.carries(valueHashes, prints) || elsewhere.carries(valueHashes, prints));
      long index = request ? state.nextIndex() : Math.max(0, state.nextIndex() - 1);
      SessionState.Step step = new SessionState.Step(index, exchange.time(), exchange.direction(), exchange.method(),
          exchange.target(), roles, categories, carriesTaint, carriesData);
      List<Decision> completed = new ArrayList<>();
      for (McpPolicy policy : policies) {
        for (SequenceRule sequence : policy.sequences()) {
          String chain = completedChain(sequence, step, state, elsewhere);
          if (chain != null) {
            Finding finding = Finding.ofMessage(Category.EXFILTRATION, "toxic_flow", Severity.HIGH,
                "policy.sequence." + sequence.name(), exchange.target(), new Evidence("chain " + sequence.name() + ": " + chain, ""));
            completed.add(new Decision(finding, sequence.action(), policy.name(), sequence.name(), policy.enforced()));
          }
        }
      }
      if (request) {
        state.add(step);
      } else {
        state.add(new SessionState.Step(index, step.time(), step.direction(), step.method(), step.tool(), roles,
            categories, false, false));
      }
      if (privateAnswer) {
        state.taint(taint, valueHashes, prints);
      }
      return completed;
    });
    if (joined) {
      shared.share(new SharedStep(exchange.principal(), null, exchange.time(), exchange.direction(), exchange.method(),
          exchange.target(), roles, categories, taint, privateAnswer ? valueKeys(valueHashes) : null,
          privateAnswer ? toArray(prints) : null));
    }
    return decisions;
  }

  private static long[] valueKeys(Set<String> hashes) {
    long[] keys = new long[hashes.size()];
    int i = 0;
    for (String hash : hashes) {
      keys[i++] = SharedStep.valueKey(hash);
    }
    return keys;
  }

  private static long[] toArray(Set<Long> values) {
    long[] array = new long[values.size()];
    int i = 0;
    for (Long value : values) {
      array[i++] = value;
    }
    return array;
  }

  private Set<ToolRole> roles(List<McpPolicy> policies, Exchange exchange) {
    for (McpPolicy policy : policies) {
      for (ToolRoleOverride override : policy.toolRoles()) {
        if (exchange.target() != null && override.tools().matches(exchange.target())) {
          return override.roles();
        }
      }
    }
    return taxonomy.roles(exchange.target(), catalog.definition(exchange.server(), exchange.target()));
  }

  /**
   * The chain as text when the step completes the sequence within its window, else {@code null}.
   * Earlier steps may come from this session or from the agent's steps behind other sidecars.
   */
  static String completedChain(SequenceRule sequence, SessionState.Step step, SessionState state, RemoteSession elsewhere) {
    List<SequenceStep> steps = sequence.steps();
    SequenceStep last = steps.get(steps.size() - 1);
    if (!matches(last, step)) {
      return null;
    }
    if (last.carries() == SequenceStep.Carries.TAINTED && !step.carriesTaint()
        || last.carries() == SequenceStep.Carries.ANY && !step.carriesData()) {
      return null;
    }
    int wanted = steps.size() - 2;
    LinkedHashSet<String> chain = new LinkedHashSet<>();
    chain.add(String.valueOf(step.tool()));
    for (PastSteps past = new PastSteps(step, state, elsewhere); past.next(); ) {
      if (past.callsAgo() >= sequence.withinCalls()
          || Duration.between(past.step().time(), step.time()).compareTo(sequence.withinTime()) > 0) {
        return null;
      }
      if (matches(steps.get(wanted), past.step())) {
        chain.add(past.label());
        if (--wanted < 0) {
          List<String> ordered = new ArrayList<>(chain);
          java.util.Collections.reverse(ordered);
          return String.join(" -> ", ordered);
        }
      }
    }
    return null;
  }

  private static boolean matches(SequenceStep expected, SessionState.Step step) {
    return (expected.direction() == null || expected.direction() == step.direction())
        && expected.methods().matches(step.method())
        && expected.tools().matches(step.tool())
        && (expected.roles().isEmpty() || intersects(expected.roles(), step.roles()))
        && (expected.categories().isEmpty() || intersects(expected.categories(), step.categories()));
  }

  private static <T> boolean intersects(Set<T> a, Set<T> b) {
    for (T value : a) {
      if (b.contains(value)) {
        return true;
      }
    }
    return false;
  }

  /** The string values of a JSON tree, concatenated and bounded. */
  static String text(JsonNode node) {
    StringBuilder out = new StringBuilder();
    collect(node, out);
    return out.toString();
  }

  private static void collect(JsonNode node, StringBuilder out) {
    if (out.length() >= MAX_TEXT_CHARS) {
      return;
    }
    if (node.isTextual()) {
      String text = node.textValue();
      out.append(text, 0, Math.min(text.length(), MAX_TEXT_CHARS - out.length())).append('\n');
    } else if (node.isContainerNode()) {
      for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
        collect(it.next(), out);
      }
    }
  }
}
