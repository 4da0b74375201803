package dev.palisade.operator.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.palisade.operator.sessions.SharedSessionStore;
import dev.palisade.policy.shared.SharedSessionLog;
import dev.palisade.policy.shared.SharedStep;
import dev.palisade.policy.shared.SharedStepJson;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The cross-server session routes of the control API, reached only after the caller was authorized
 * for the McpServer {@code NS/NAME} like every other route, so a sidecar reads and writes the
 * sessions of its own namespace and of no other:
 * <ul>
 *   <li>{@code POST /v1/servers/NS/NAME/session-events}: {@code {sidecar, batch, events: [step]}}
 *       (see {@link SharedStepJson}); answered {@code {"batch": N}} once stored. A batch number already
 *       stored for that sidecar is a retry and is not stored again. The steps are recorded as having
 *       gone through NAME, whatever the body says.</li>
 *   <li>{@code GET /v1/servers/NS/NAME/sessions?sidecar=ID&epoch=E&since=R&wait=25s}: the steps of
 *       the namespace stored after revision {@code R} of epoch {@code E}, without the caller's own,
 *       as {@code {epoch, revision, more, steps: [step]}}; held open until there are some or the wait
 *       ends (304).</li>
 * </ul>
 */
final class SessionRoutes {
  static final int MAX_BODY_BYTES = 4 << 20;
  static final int MAX_EVENTS = 200;
  static final int MAX_ANSWER_STEPS = 500;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SharedSessionStore store;
  private final LongPolls polls;
  private final Duration maxWait;

  SessionRoutes(SharedSessionStore store, LongPolls polls, Duration maxWait) {
    this.store = store;
    this.polls = polls;
    this.maxWait = maxWait;
  }

  void events(HttpExchange exchange, String namespace, String server) throws IOException {
    byte[] body = HttpExchanges.body(exchange, MAX_BODY_BYTES);
    if (body == null) {
      HttpExchanges.send(exchange, 413, HttpExchanges.error("session events larger than " + MAX_BODY_BYTES + " bytes"));
      return;
    }
    String sidecar;
    long batch;
    List<SharedStep> steps = new ArrayList<>();
    try {
      JsonNode events = JSON.readTree(body);
      sidecar = sidecar(events.path("sidecar").asText(""));
      batch = events.path("batch").asLong(0);
      if (batch < 1) {
        throw new IllegalArgumentException("batch: must be at least 1");
      }
      JsonNode list = events.path("events");
      if (!list.isArray() || list.size() > MAX_EVENTS) {
        throw new IllegalArgumentException("events: an array of at most " + MAX_EVENTS);
      }
      for (int i = 0; i < list.size(); i++) {
        steps.add(SharedStepJson.read(list.get(i), "events[" + i + "]"));
      }
    } catch (JsonProcessingException e) {
      HttpExchanges.send(exchange, 400, HttpExchanges.error("not JSON: " + e.getOriginalMessage()));
      return;
    } catch (IllegalArgumentException e) {
      HttpExchanges.send(exchange, 400, HttpExchanges.error(e.getMessage()));
      return;
    }
    if (store.append(namespace, server, sidecar, batch, steps) == SharedSessionStore.Stored.APPLIED && !steps.isEmpty()) {
      polls.changed(topic(namespace)::equals);
    }
    HttpExchanges.send(exchange, 200, "{\"batch\":" + batch + "}");
  }

  void sessions(HttpExchange exchange, String namespace) throws IOException {
    String sidecar;
    try {
      sidecar = sidecar(HttpExchanges.query(exchange, "sidecar"));
    } catch (IllegalArgumentException e) {
      HttpExchanges.send(exchange, 400, HttpExchanges.error(e.getMessage()));
      return;
    }
    String epoch = HttpExchanges.query(exchange, "epoch");
    long since = since(HttpExchanges.query(exchange, "since"));
    Duration wait = HttpExchanges.waitOf(HttpExchanges.query(exchange, "wait"), maxWait);
    LongPolls.Probe probe = () -> {
      SharedSessionStore.Changes changes = store.changesSince(namespace, epoch, since, sidecar, MAX_ANSWER_STEPS);
      return changes.entries().isEmpty() && !wait.isZero() ? Optional.empty()
          : Optional.of(new LongPolls.Answer(200, answer(changes)));
    };
    Optional<LongPolls.Answer> now = probe.now();
    if (now.isPresent()) {
      HttpExchanges.send(exchange, now.get().status(), now.get().body());
    } else {
      polls.hold(exchange, topic(namespace), wait, probe);
    }
  }

  private static String answer(SharedSessionStore.Changes changes) {
    ObjectNode answer = JSON.createObjectNode();
    answer.put("epoch", changes.epoch());
    answer.put("revision", changes.revision());
    answer.put("more", changes.more());
    ArrayNode steps = answer.putArray("steps");
    for (SharedSessionLog.Entry entry : changes.entries()) {
      steps.add(SharedStepJson.write(entry.step()));
    }
    return answer.toString();
  }

  private static String topic(String namespace) {
    return "sessions:" + namespace;
  }

  private static String sidecar(String id) {
    if (id == null || id.isBlank() || id.length() > 253) {
      throw new IllegalArgumentException("sidecar: 1 to 253 characters");
    }
    return id;
  }

  private static long since(String text) {
    try {
      return text == null ? 0 : Math.max(0, Long.parseLong(text));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
