package dev.palisade.sidecar.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.policy.shared.SharedStep;
import dev.palisade.policy.shared.SharedStepJson;
import dev.palisade.sidecar.control.ControlHttp;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries cross-server session steps between this sidecar and the operator, off the request path.
 * Steps the request path queued go out in numbered batches {@value #BATCH_DELAY_MS} ms after the
 * first of them (a batch is retried with the same number until acknowledged, so the operator stores
 * it once); the steps other sidecars of the namespace shared come back through a long poll and go
 * into the {@link SharedSessionReplica}. Nothing waits on the operator: while it cannot be reached
 * the outbox fills and drops, and the copy stops getting newer. Uses the JDK HTTP client and a
 * thread of its own, never the event loop.
 */
public final class SharedSessionChannel implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SharedSessionChannel.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final long BATCH_DELAY_MS = 20;
  private static final int MAX_STEPS_PER_BATCH = 64;
  private static final Duration NO_ROUTE_RETRY = Duration.ofMinutes(5);

  private final ControlHttp control;
  private final SharedSessionReplica replica;
  private final Clock clock;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "palisade-shared-sessions");
    thread.setDaemon(true);
    return thread;
  });
  private final AtomicBoolean pushScheduled = new AtomicBoolean();
  private final AtomicLong sent = new AtomicLong();
  private volatile boolean closed;
  // touched only on the scheduler thread
  private long nextBatch = 1;
  private Batch inFlight;
  private int pushFailures;
  private int pollFailures;
  private String epoch;
  private long since;

  private record Batch(long number, int steps, String body) {}

  public SharedSessionChannel(ControlHttp control, SharedSessionReplica replica, Clock clock, MeterRegistry registry) {
    this.control = control;
    this.replica = replica;
    this.clock = clock;
    counter(registry, "palisade.shared.sessions.steps.sent", "Steps shared with the other sidecars of the namespace",
        null, sent, AtomicLong::get);
    counter(registry, "palisade.shared.sessions.steps.received", "Steps of other sidecars of the namespace received",
        null, replica, SharedSessionReplica::received);
    counter(registry, "palisade.shared.sessions.steps.dropped", "Steps never shared", "outbox-full", replica,
        SharedSessionReplica::droppedFull);
    counter(registry, "palisade.shared.sessions.steps.dropped", "Steps never shared", "no-salt", replica,
        SharedSessionReplica::droppedUnsalted);
    counter(registry, "palisade.shared.sessions.steps.dropped", "Steps never shared", "refused", replica,
        SharedSessionReplica::refused);
    Gauge.builder("palisade.shared.sessions.principals", replica, SharedSessionReplica::principals)
        .description("Agents whose steps behind other sidecars this sidecar knows").register(registry);
  }

  private static <T> void counter(MeterRegistry registry, String name, String description, String reason, T source,
      ToDoubleFunction<T> read) {
    FunctionCounter.Builder<T> builder = FunctionCounter.builder(name, source, read).description(description);
    (reason == null ? builder : builder.tag("reason", reason)).register(registry);
  }

  public void start() {
    replica.onShare(this::pushSoon);
    scheduler.execute(this::poll);
  }

  // ---- this sidecar's steps to the operator -----------------------------------------------------

  private void pushSoon() {
    if (pushScheduled.compareAndSet(false, true)) {
      schedule(this::push, BATCH_DELAY_MS);
    }
  }

  private void push() {
    if (closed) {
      return;
    }
    if (inFlight == null) {
      List<SharedStep> steps = replica.drain(MAX_STEPS_PER_BATCH);
      if (steps.isEmpty()) {
        pushScheduled.set(false);
        // a step queued between the drain and the line above must not wait for the next one
        if (!replica.outboxEmpty() && pushScheduled.compareAndSet(false, true)) {
          schedule(this::push, 0);
        }
        return;
      }
      inFlight = new Batch(nextBatch, steps.size(), body(nextBatch, steps));
      nextBatch++;
    }
    Batch batch = inFlight;
    HttpRequest request = control.authorized(HttpRequest.newBuilder(control.endpoint("session-events"))
        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(batch.body()))).build();
    control.client().sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) ->
        execute(() -> pushed(batch, error == null ? response.statusCode() : -1, error)));
  }

  private void pushed(Batch batch, int status, Throwable error) {
    if (status == 200 || status == 400 || status == 404 || status == 413) {
      if (status != 200) {
        // the operator will never take this batch (or has no such route): retrying would hold up every later one
        log.warn("control plane refused shared session steps batch={} status={}; {} step(s) dropped", batch.number(),
            status, batch.steps());
        replica.refused(batch.steps());
      } else {
        sent.addAndGet(batch.steps());
      }
      inFlight = null;
      pushFailures = 0;
      push();
      return;
    }
    pushFailures++;
    if (pushFailures == 1 || pushFailures % 20 == 0) {
      log.warn("shared session steps batch={} not delivered (status={} error={}), retrying", batch.number(), status,
          error == null ? "-" : error.toString());
    }
    schedule(this::push, ControlHttp.backoff(pushFailures));
  }

  private String body(long batch, List<SharedStep> steps) {
    ObjectNode body = JSON.createObjectNode();
    body.put("sidecar", control.settings().instance());
    body.put("batch", batch);
    ArrayNode events = body.putArray("events");
    steps.forEach(step -> events.add(SharedStepJson.write(step)));
    return body.toString();
  }

  // ---- the other sidecars' steps from the operator ----------------------------------------------

  private void poll() {
    if (closed) {
      return;
    }
    Duration wait = control.settings().longPollWait();
    String query = "sessions?sidecar=" + URLEncoder.encode(control.settings().instance(), StandardCharsets.UTF_8)
        + "&since=" + since + "&wait=" + wait.toSeconds() + "s"
        + (epoch == null ? "" : "&epoch=" + URLEncoder.encode(epoch, StandardCharsets.UTF_8));
    HttpRequest request = control.authorized(HttpRequest.newBuilder(control.endpoint(query))
        .timeout(wait.plusSeconds(10)).GET()).build();
    control.client().sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) ->
        execute(() -> polled(error == null ? response.statusCode() : -1, error == null ? response.body() : null, error)));
  }

  private void polled(int status, String body, Throwable error) {
    if (status == 404) {
      // an operator without cross-server sessions: ask again now and then (it may be upgraded)
      log.info("control plane offers no cross-server sessions; asking again in {} s", NO_ROUTE_RETRY.toSeconds());
      schedule(this::poll, NO_ROUTE_RETRY.toMillis());
      return;
    }
    if (status == 200) {
      pollFailures = apply(body) ? 0 : pollFailures + 1;
    } else if (status != 304) {
      pollFailures++;
      if (pollFailures == 1 || pollFailures % 20 == 0) {
        log.warn("shared sessions poll failed (status={} error={}), retrying", status, error == null ? "-" : error.toString());
      }
    }
    schedule(this::poll, pollFailures == 0 ? 0 : ControlHttp.backoff(Math.min(pollFailures, 5)));
  }

  /** Applies one answer; false when it could not be read (the position stays, the poll is retried). */
  private boolean apply(String body) {
    JsonNode answer;
    try {
      answer = JSON.readTree(body);
    } catch (IOException e) {
      log.warn("shared sessions answer unreadable: {}", e.toString());
      return false;
    }
    List<SharedStep> steps = new ArrayList<>();
    JsonNode list = answer.path("steps");
    for (int i = 0; i < list.size(); i++) {
      try {
        steps.add(SharedStepJson.read(list.get(i), "steps[" + i + "]"));
      } catch (IllegalArgumentException e) {
        log.warn("shared session step skipped: {}", e.getMessage());
      }
    }
    replica.apply(steps, clock.instant());
    epoch = answer.path("epoch").asText(null);
    since = answer.path("revision").asLong(0);
    return true;
  }

  // ---- plumbing ---------------------------------------------------------------------------------

  private void execute(Runnable task) {
    schedule(task, 0);
  }

  private void schedule(Runnable task, long delayMs) {
    if (!closed) {
      try {
        scheduler.schedule(task, delayMs, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        // closing
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    scheduler.shutdownNow();
  }
}
