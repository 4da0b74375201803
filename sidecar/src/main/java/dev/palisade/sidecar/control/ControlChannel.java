package dev.palisade.sidecar.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.integrity.PinRegistry;
import dev.palisade.integrity.ToolPin;
import dev.palisade.policy.PolicyException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar's side of the control plane: it long-polls the operator for its configuration and
 * applies each new version without a restart, and it sends violations and observed tool hashes in
 * numbered reports. A report is retried with the same number (exponential backoff with jitter) until
 * the operator acknowledges it, so an outage delays reports but neither loses nor duplicates them,
 * within the buffer's bound. Uses the JDK HTTP client on its own thread, never the event loop.
 */
public final class ControlChannel implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ControlChannel.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_VIOLATIONS_PER_REPORT = 500;
  private static final long FLUSH_MS = 200;

  private final ControlHttp control;
  private final ControlPlaneSettings settings;
  private final String server;
  private final ReportBuffer buffer;
  private final ConfigApplier applier;
  private final PinRegistry pins;
  private final HttpClient http;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "palisade-control-channel");
    thread.setDaemon(true);
    return thread;
  });
  private final AtomicLong configsApplied = new AtomicLong();
  private final AtomicLong configsRejected = new AtomicLong();
  private final AtomicLong reportsSent = new AtomicLong();
  private volatile String version;
  // the last version received, applied or rejected: polled for, so a rejected one is not fetched again and again
  private volatile String received;
  private volatile boolean closed;
  // report state: touched only on the scheduler thread
  private long nextSequence = 1;
  private Batch inFlight;
  private int reportFailures;
  private long lastReportNanos = System.nanoTime();
  private volatile int inFlightSize;

  private record Batch(long sequence, List<ReportedViolation> violations, String body) {
    long occurrences() {
      return violations.stream().mapToLong(ReportedViolation::occurrences).sum();
    }
  }

  public ControlChannel(ControlHttp control, ReportBuffer buffer, ConfigApplier applier, PinRegistry pins,
      MeterRegistry registry) {
    this.control = control;
    this.settings = control.settings();
    this.server = control.server();
    this.buffer = buffer;
    this.applier = applier;
    this.pins = pins;
    this.http = control.client();
    FunctionCounter.builder("palisade.reports.dropped", buffer, ReportBuffer::dropped)
        .description("Violations never delivered to the operator (report buffer full, or refused as malformed)")
        .register(registry);
    Gauge.builder("palisade.reports.pending", this, c -> c.buffer.size() + c.inFlightSize)
        .description("Kinds of violations waiting to reach the operator").register(registry);
    FunctionCounter.builder("palisade.control.configs.applied", configsApplied, AtomicLong::get)
        .description("Configurations from the operator applied").register(registry);
    FunctionCounter.builder("palisade.control.configs.rejected", configsRejected, AtomicLong::get)
        .description("Configurations from the operator rejected as invalid (the last good one stays)").register(registry);
  }

  public void start() {
    scheduler.execute(this::poll);
    scheduler.execute(this::reportTick);
  }

  /** The configuration version last applied, or {@code null} before the first. */
  public String version() {
    return version;
  }

  public long reportsSent() {
    return reportsSent.get();
  }

  // ---- configuration: long poll --------------------------------------------------------------

  private void poll() {
    if (closed) {
      return;
    }
    String query = "wait=" + settings.longPollWait().toSeconds() + "s"
        + (received == null ? "" : "&version=" + URLEncoder.encode(received, StandardCharsets.UTF_8));
    HttpRequest request = authorized(HttpRequest.newBuilder(endpoint("config?" + query))
        .timeout(settings.longPollWait().plusSeconds(10)).GET()).build();
    http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
      int failures = 0;
      if (error != null) {
        log.debug("control plane config poll failed: {}", error.toString());
        failures = 1;
      } else if (response.statusCode() == 200) {
        applyConfig(response.body());
      } else if (response.statusCode() != 304) {
        log.warn("control plane refused config poll status={} server={}", response.statusCode(), server);
        failures = 1;
      }
      schedule(this::poll, failures == 0 ? 0 : backoff(3));
    });
  }

  private void applyConfig(String body) {
    try {
      JsonNode config = JSON.readTree(body);
      String next = config.path("version").asText(null);
      received = next;
      applier.apply(config);
      version = next;
      configsApplied.incrementAndGet();
      log.info("control plane config applied server={} version={} policies={}", server, next,
          config.path("policies").size());
    } catch (PolicyException e) {
      configsRejected.incrementAndGet();
      log.warn("control plane config rejected, keeping version {}: {}", version, e.getMessage());
    } catch (IOException | RuntimeException e) {
      configsRejected.incrementAndGet();
      log.warn("control plane config unreadable, keeping version {}: {}", version, e.toString());
    }
  }

  // ---- reports ---------------------------------------------------------------------------------

  private void reportTick() {
    if (closed) {
      return;
    }
    if (inFlight == null) {
      List<ReportedViolation> violations = buffer.drain(MAX_VIOLATIONS_PER_REPORT);
      boolean heartbeatDue = System.nanoTime() - lastReportNanos >= settings.heartbeat().toNanos();
      if (violations.isEmpty() && !heartbeatDue) {
        schedule(this::reportTick, FLUSH_MS);
        return;
      }
      long sequence = nextSequence++;
      inFlight = new Batch(sequence, violations, body(sequence, violations));
      inFlightSize = violations.size();
    }
    Batch batch = inFlight;
    HttpRequest request = authorized(HttpRequest.newBuilder(endpoint("reports")).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(batch.body()))).build();
    http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) ->
        scheduler.execute(() -> reported(batch, error == null ? response.statusCode() : -1, error)));
  }

  private void reported(Batch batch, int status, Throwable error) {
    if (status == 200) {
      reportsSent.incrementAndGet();
      finish();
      reportFailures = 0;
      schedule(this::reportTick, 0);
      return;
    }
    if (status == 400 || status == 413) {
      // the operator will never accept this report: retrying would block every later one
      log.warn("control plane refused report sequence={} status={}; {} violation(s) dropped", batch.sequence(), status,
          batch.occurrences());
      buffer.dropped(batch.occurrences());
      finish();
      schedule(this::reportTick, 0);
      return;
    }
    reportFailures++;
    if (reportFailures == 1 || reportFailures % 20 == 0) {
      log.warn("control plane report sequence={} not delivered (status={} error={}), retrying", batch.sequence(), status,
          error == null ? "-" : error.toString());
    }
    schedule(this::reportTick, backoff(reportFailures));
  }

  private void finish() {
    inFlight = null;
    inFlightSize = 0;
    lastReportNanos = System.nanoTime();
  }

  private String body(long sequence, List<ReportedViolation> violations) {
    ObjectNode report = JSON.createObjectNode();
    report.put("sidecar", settings.instance());
    report.put("sequence", sequence);
    ArrayNode list = report.putArray("violations");
    for (ReportedViolation v : violations) {
      ReportedViolation.Key k = v.key();
      list.addObject().put("policy", k.policy()).put("rule", k.rule()).put("category", k.category())
          .put("type", k.type()).put("severity", k.severity()).put("action", k.action()).put("direction", k.direction())
          .put("method", k.method()).put("tool", k.tool()).put("principal", k.principal()).put("session", k.session())
          .put("excerpt", k.excerpt()).put("evidenceHash", k.evidenceHash()).put("occurrences", v.occurrences())
          .put("lastSeen", v.lastSeen().toString());
    }
    ArrayNode tools = report.putArray("observedTools");
    for (Map.Entry<String, ToolPin> pin : pins.snapshot().getOrDefault(server, Map.of()).entrySet()) {
      if (!pin.getValue().removed() && pin.getValue().observedHash() != null) {
        tools.addObject().put("tool", pin.getKey()).put("hash", pin.getValue().observedHash());
      }
    }
    return report.toString();
  }

  /**
   * Asks the operator which ServiceAccount an agent's token proves (TokenReview, audience
   * {@code palisade-agent}). Completes with the principal, empty for an invalid token, or fails when
   * the operator cannot be asked. Runs on the HTTP client's threads, never the caller's.
   */
  public java.util.concurrent.CompletableFuture<java.util.Optional<String>> verifyAgentToken(String token) {
    String body = JSON.createObjectNode().put("token", token).toString();
    HttpRequest request = authorized(HttpRequest.newBuilder(endpoint("principals")))
        .timeout(Duration.ofSeconds(5))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return http.sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
      if (response.statusCode() != 200) {
        throw new IllegalStateException("operator answered HTTP " + response.statusCode());
      }
      try {
        var principal = JSON.readTree(response.body()).path("principal");
        return principal.isTextual() ? java.util.Optional.of(principal.textValue()) : java.util.Optional.<String>empty();
      } catch (IOException e) {
        throw new IllegalStateException("operator answered something that is not JSON", e);
      }
    });
  }

  // ---- plumbing -------------------------------------------------------------------------------

  private URI endpoint(String tail) {
    return control.endpoint(tail);
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder request) {
    return control.authorized(request);
  }

  private static long backoff(int failures) {
    return ControlHttp.backoff(failures);
  }

  private void schedule(Runnable task, long delayMs) {
    if (!closed) {
      try {
        scheduler.schedule(task, delayMs, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
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
